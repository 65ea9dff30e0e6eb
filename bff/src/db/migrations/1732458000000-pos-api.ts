import { type MigrationInterface, type QueryRunner, Table } from 'typeorm';
import { id, instant, int, longText, ref, text } from './columns';

/**
 * Open API for POS systems (issue #18).
 * - `pos_api_keys`: per-store credentials. The secret is needed in clear to verify an HMAC, so it is
 *   stored encrypted with DATA_KEY (AES-256-GCM, like phone numbers); the key id is the lookup.
 * - `pos_nonces`: every accepted (key, nonce) pair; the primary key makes a replay fail the insert.
 *   Rows older than the clock window are deleted (a replay that old fails the timestamp check).
 * - `webhooks`, `webhook_deliveries` (one per endpoint and event: unique (webhook_id, event_id)),
 *   `webhook_attempts` (one row per HTTP try, for HQ to read).
 */
export class PosApi1732458000000 implements MigrationInterface {
  name = 'PosApi1732458000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'pos_api_keys',
        columns: [
          id(),
          ref('store_id'),
          text('name', 64),
          longText('secret_enc', false),
          text('created_by', 64),
          instant('created_at'),
          instant('last_used_at', true),
          instant('revoked_at', true),
        ],
        indices: [{ name: 'ix_pos_api_keys_store', columnNames: ['store_id', 'created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'pos_nonces',
        columns: [
          { ...ref('key_id'), isPrimary: true },
          { ...text('nonce', 64), isPrimary: true },
          instant('created_at'),
        ],
        indices: [{ name: 'ix_pos_nonces_created', columnNames: ['created_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhooks',
        columns: [
          id(),
          ref('store_id', true),
          text('url', 512),
          longText('secret_enc', false),
          text('created_by', 64),
          instant('created_at'),
          instant('deleted_at', true),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_deliveries',
        columns: [
          id(),
          ref('webhook_id'),
          ref('event_id'),
          text('event_type', 32),
          longText('payload', false),
          text('status', 16), // pending | delivered | failed
          int('attempts', false, 0),
          instant('next_attempt_at'),
          // Retries stop after this instant (24 hours after the event; a replay by HQ opens a new window).
          instant('retry_until'),
          instant('created_at'),
          instant('delivered_at', true),
          longText('last_error'),
        ],
        uniques: [{ name: 'uq_webhook_deliveries_event', columnNames: ['webhook_id', 'event_id'] }],
        indices: [{ name: 'ix_webhook_deliveries_due', columnNames: ['status', 'next_attempt_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'webhook_attempts',
        columns: [id(), ref('delivery_id'), int('attempt'), instant('at'), int('status_code', true), longText('error')],
        indices: [{ name: 'ix_webhook_attempts_delivery', columnNames: ['delivery_id', 'attempt'] }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['webhook_attempts', 'webhook_deliveries', 'webhooks', 'pos_nonces', 'pos_api_keys']) {
      await q.dropTable(table);
    }
  }
}
