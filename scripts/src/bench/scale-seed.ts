import { randomBytes } from 'node:crypto';
import { issueMemberToken } from '../../../bff/src/auth/tokens';
import { select } from '../../../bff/src/db/tx';
import { importMembersCsv } from '../../../bff/src/domain/import/import-members';
import { DataCrypto } from '../../../bff/src/domain/shared/data-crypto';
import { random } from './bench-measure';
import { type BenchEnv, type BenchStore, seedStore } from './checkout-seed';
import { getJson, postJson } from './http-client';

/** A template member as the bench knows it: id, code id, secret, index in the template. */
export interface TemplateMember {
  memberId: string;
  memberCodeId: number;
  secret: string;
  index: number;
}

export interface Template {
  stores: BenchStore[];
  members: TemplateMember[];
  checkouts: number;
  refunds: number;
  failures: number;
}

const storeCode = (store: BenchStore) => `B${store.storeId.slice(-10)}`;

/**
 * The template chain, made through the real use cases: stores, members through the legacy import
 * (opening points and stored value), their member codes through GET /api/me/member-code-secret,
 * then purchases over HTTP (scan, checkout earning points; redeeming points and paying stored
 * value at another store, which writes settlement lines) and refunds.
 */
export async function seedTemplate(
  env: BenchEnv,
  bffUrl: string,
  options: { stores: number; membersPerStore: number; log: (line: string) => void },
): Promise<Template> {
  const rnd = random(21);
  const stores: BenchStore[] = [];
  for (let i = 0; i < options.stores; i++) stores.push(await seedStore(env, `门店 ${i + 1}`));
  const crypto = new DataCrypto(env.dataKey);
  let phone = 13_900_000_000 + Math.floor(rnd() * 1_000_000);
  for (const store of stores) {
    const lines = ['phone,name,points,storedValueFen,registeredAt,tier'];
    for (let i = 0; i < options.membersPerStore; i++) {
      lines.push(
        `${phone++},会员 ${i},${200 + Math.floor(rnd() * 1800)},${Math.floor(rnd() * 20_000)},2026-06-01,basic`,
      );
    }
    await importMembersCsv(env.dataSource, crypto, lines.join('\n'), { storeCode: storeCode(store), now: new Date() });
  }
  const rows = await select<{ id: string }>(
    env.dataSource.manager,
    'SELECT m.id FROM members m WHERE NOT EXISTS (SELECT 1 FROM staff_roles s WHERE s.member_id = m.id) ORDER BY m.id',
  );
  const members: TemplateMember[] = [];
  for (const [index, row] of rows.entries()) {
    const token = issueMemberToken(env.jwtSecret, row.id);
    const res = await getJson(`${bffUrl}/api/me/member-code-secret`, { authorization: `Bearer ${token}` });
    if (res.status !== 200) throw new Error(`member-code-secret: ${res.status} ${JSON.stringify(res.body)}`);
    members.push({ memberId: row.id, memberCodeId: res.body.memberCodeId, secret: res.body.secret, index });
  }
  const template: Template = { stores, members, checkouts: 0, refunds: 0, failures: 0 };
  await purchases(bffUrl, template, rnd);
  options.log(
    `template: ${stores.length} stores, ${members.length} members, ${template.checkouts} checkouts, ${template.refunds} refunds (${template.failures} refused)`,
  );
  return template;
}

const key = () => randomBytes(12).toString('hex');

/** Each member buys at their home store and at another one; every sixth gets a refund. */
async function purchases(bffUrl: string, template: Template, rnd: () => number): Promise<void> {
  const { memberCodeAt } = await import('@tongka/shared-types');
  const work = template.members.map((member) => async () => {
    const home = template.stores[Math.floor(member.index / (template.members.length / template.stores.length))];
    const away = template.stores[Math.floor(rnd() * template.stores.length)];
    const at = Date.now();
    const scanAt = async (store: BenchStore, ms: number) =>
      (
        await postJson(
          `${bffUrl}/api/stores/${store.storeId}/scan`,
          { authorization: `Bearer ${store.staffToken}` },
          { code: memberCodeAt(member.memberCodeId, member.secret, ms) },
        )
      ).body?.scanId as string | undefined;
    const buy = async (store: BenchStore, scanId: string | undefined, body: Record<string, number>) => {
      const res = await postJson(
        `${bffUrl}/api/stores/${store.storeId}/checkouts`,
        { authorization: `Bearer ${store.staffToken}`, 'idempotency-key': key() },
        { scanId, orderRef: `T-${key()}`, ...body },
      );
      if (res.status === 201) template.checkouts += 1;
      else template.failures += 1;
      return res.status === 201 ? (res.body.checkoutId as string) : undefined;
    };
    const homeScan = await scanAt(home, at);
    const first = await buy(home, homeScan, { amountFen: 5_000 + Math.floor(rnd() * 45_000) });
    const awayScan = away === home ? homeScan : await scanAt(away, at - 30_000);
    await buy(away, awayScan, {
      amountFen: 8_000 + Math.floor(rnd() * 20_000),
      redeemPoints: 100,
      storedValueFen: 300,
    });
    await buy(home, homeScan, { amountFen: 2_000 + Math.floor(rnd() * 10_000) });
    if (first && member.index % 6 === 0) {
      const res = await postJson(
        `${bffUrl}/api/stores/${home.storeId}/checkouts/${first}/refund`,
        { authorization: `Bearer ${home.staffToken}`, 'idempotency-key': key() },
        {},
      );
      if (res.status === 200) template.refunds += 1;
      else template.failures += 1;
    }
  });
  let next = 0;
  await Promise.all(
    Array.from({ length: 6 }, async () => {
      for (let i = next++; i < work.length; i = next++) await work[i]();
    }),
  );
}
