import type { MigrationInterface, QueryRunner } from 'typeorm';
import { monotonicFactory } from '../../domain/shared/ulid';
import { sqlParams } from '../tx';

/**
 * HQ-funded value given at a store now comes from HQ's account at that store (purpose
 * hq_campaign), not from one chain-wide row every HQ-funded earn updated. What the chain-wide
 * campaign account moved for each store so far goes to that store's HQ account as one ADJUST
 * transfer per store and asset (its balance as the store's transfers say, posted only: pending
 * holds stay where they were made and settle there), so each account's balance still equals its
 * transfers and the ledger still sums to zero. Transfers without a store stay on the chain-wide
 * account. Running it again moves nothing (the moves carry their store).
 */
export class StoreHqAccounts1732463720000 implements MigrationInterface {
  name = 'StoreHqAccounts1732463720000';

  async up(q: QueryRunner): Promise<void> {
    const nextId = monotonicFactory();
    const [now] = sqlParams([new Date()]);
    const campaigns = (await q.query(
      "SELECT id, asset FROM ledger_accounts WHERE owner_type = 'system' AND purpose = 'campaign'",
    )) as Array<{ id: string; asset: string }>;
    for (const campaign of campaigns) {
      const nets = (await q.query(
        `SELECT store_id, SUM(CASE
                  WHEN to_account_id = ? AND status IN ('posted', 'post_pending') THEN amount
                  WHEN from_account_id = ? AND status IN ('posted', 'pending') THEN -amount
                  WHEN from_account_id = ? AND status = 'void_pending' THEN amount
                  ELSE 0 END) AS net
           FROM ledger_transfers
          WHERE (to_account_id = ? OR from_account_id = ?) AND store_id IS NOT NULL
          GROUP BY store_id`,
        [campaign.id, campaign.id, campaign.id, campaign.id, campaign.id],
      )) as Array<{ store_id: string; net: string | number }>;
      for (const row of nets) {
        const net = Number(row.net);
        if (net === 0) continue;
        const storeAccountId = await hqAccountOf(q, row.store_id, campaign.asset, nextId, now);
        // The store's HQ account ends with `net`, the chain-wide one gives it up.
        const [from, to] = net < 0 ? [storeAccountId, campaign.id] : [campaign.id, storeAccountId];
        await q.query(
          `INSERT INTO ledger_transfers (id, idempotency_key, from_account_id, to_account_id, asset, amount, kind, status,
             store_id, cause_type, cause_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, 'ADJUST', 'posted', ?, 'migration', ?, ?, ?)`,
          [
            nextId(),
            `hq-split:${row.store_id}:${campaign.asset}:${nextId()}`,
            from,
            to,
            campaign.asset,
            Math.abs(net),
            row.store_id,
            this.name,
            'HQ account split per store',
            now,
          ],
        );
        await q.query('UPDATE ledger_accounts SET balance = balance - ? WHERE id = ?', [Math.abs(net), from]);
        await q.query('UPDATE ledger_accounts SET balance = balance + ? WHERE id = ?', [Math.abs(net), to]);
      }
    }
  }

  async down(): Promise<void> {
    // The moves are ledger history (never deleted); accounts and balances stay as they are.
  }
}

async function hqAccountOf(
  q: QueryRunner,
  storeId: string,
  asset: string,
  nextId: () => string,
  now: unknown,
): Promise<string> {
  const find = () =>
    q.query(
      "SELECT id FROM ledger_accounts WHERE owner_type = 'store' AND owner_id = ? AND purpose = 'hq_campaign' AND asset = ?",
      [storeId, asset],
    ) as Promise<Array<{ id: string }>>;
  const [found] = await find();
  if (found) return found.id;
  const id = nextId();
  await q.query(
    `INSERT INTO ledger_accounts (id, owner_type, owner_id, purpose, asset, balance, pending_in, no_negative, created_at)
     VALUES (?, 'store', ?, 'hq_campaign', ?, 0, 0, 0, ?)`,
    [id, storeId, asset, now],
  );
  return id;
}
