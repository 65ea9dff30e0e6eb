import { type MigrationInterface, type QueryRunner, Table, TableColumn } from 'typeorm';
import { bigint, id, instant, int, longText, ref, text } from './columns';

/**
 * HQ reports, roles, maker/checker, risk alerts and the scheduler (issue #15):
 * - admins get a role ('admin' = HQ admin, 'finance' = read-only reports) and can be disabled;
 * - daily rollups written in the same transaction as the ledger rows they sum (report-rollups.ts),
 *   so a report over a period reads one row per day, store, asset and kind instead of every transfer;
 * - members active per day and store, and sales to own / visiting members per day and store;
 * - settlement lines summed per day and store pair (the statement reads days, not lines);
 * - approvals (maker/checker), risk alerts, and what the job list shows about each job's last run.
 */
export class HqReports1732456000000 implements MigrationInterface {
  name = 'HqReports1732456000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('admins', new TableColumn({ ...text('role', 16), default: "'admin'" }));
    await q.addColumn('admins', new TableColumn(instant('disabled_at', true)));
    await q.createTable(
      new Table({
        name: 'report_daily_flows',
        columns: [
          { ...text('local_date', 10), isPrimary: true },
          { ...text('store_key', 26), isPrimary: true }, // a store id, or '-' for movements with no store
          { ...text('asset', 8), isPrimary: true },
          { ...text('kind', 16), isPrimary: true },
          { ...text('flow', 8), isPrimary: true }, // in (to a member) | out (from a member) | move (neither or both)
          bigint('amount', false, 0),
          bigint('transfers', false, 0),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'report_daily_lots',
        columns: [
          { ...text('local_date', 10), isPrimary: true },
          { ...text('issuer_key', 26), isPrimary: true }, // the lots' issuing store, or '-'
          { ...text('asset', 8), isPrimary: true },
          bigint('delta', false, 0), // change of what members hold in lots of this issuer that day
        ],
      }),
    );
    // Which days of a year a member was active at a store ('*': anywhere in the chain): one row per
    // member, store and year, a 31-bit day mask per month, so "active in [from, to]" is a bit test
    // on one row per member instead of a distinct count over every active day.
    await q.createTable(
      new Table({
        name: 'report_member_years',
        columns: [
          { ...text('store_key', 26), isPrimary: true },
          { ...ref('member_id'), isPrimary: true },
          { ...int('year'), isPrimary: true },
          ...Array.from({ length: 12 }, (_, i) => int(`m${String(i + 1).padStart(2, '0')}`, false, 0)),
        ],
      }),
    );

    await q.createTable(
      new Table({
        name: 'report_daily_sales',
        columns: [
          { ...text('local_date', 10), isPrimary: true },
          { ...ref('store_id'), isPrimary: true },
          bigint('own_fen', false, 0), // order amounts net of refunds, members whose home store this is
          bigint('visiting_fen', false, 0), // the same for members of other stores
          bigint('checkouts', false, 0),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'report_daily_settlement',
        columns: [
          { ...text('local_date', 10), isPrimary: true },
          { ...text('from_store_id', 26), isPrimary: true },
          { ...ref('to_store_id'), isPrimary: true },
          bigint('points', false, 0),
          bigint('points_value_fen', false, 0),
          bigint('stored_value_fen', false, 0),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'approvals',
        columns: [
          id(),
          text('kind', 32), // member.adjust | points.reinstate
          text('status', 16), // pending | approved | rejected
          ref('requested_by'),
          text('target_id', 64),
          longText('request_json', false),
          ref('decided_by', true),
          instant('decided_at', true),
          text('note', 200, true),
          longText('result_json'),
          instant('created_at'),
        ],
        indices: [{ name: 'ix_approvals_status', columnNames: ['status', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'risk_alerts',
        columns: [
          id(),
          text('rule', 32),
          text('severity', 8), // low | medium | high
          text('subject_type', 16), // staff | member
          text('subject_id', 64),
          text('dedupe_key', 160), // one alert per rule, subject and period
          longText('evidence_json', false),
          text('status', 16), // open | acknowledged
          ref('acknowledged_by', true),
          instant('acknowledged_at', true),
          text('note', 500, true),
          instant('created_at'),
        ],
        uniques: [{ name: 'uq_risk_alerts_dedupe', columnNames: ['dedupe_key'] }],
        indices: [{ name: 'ix_risk_alerts_status', columnNames: ['status', 'id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'staff_daily_moves',
        columns: [
          { ...ref('staff_member_id'), isPrimary: true },
          { ...text('local_date', 10), isPrimary: true },
          bigint('points', false, 0),
        ],
      }),
    );
    await q.addColumns('job_leases', [
      new TableColumn(instant('last_tick', true)),
      new TableColumn(instant('last_started_at', true)),
      new TableColumn(instant('last_finished_at', true)),
      new TableColumn(int('last_duration_ms', true)),
      new TableColumn(bigint('last_processed', true)),
      new TableColumn(text('last_error', 500, true)),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of [
      'last_error',
      'last_processed',
      'last_duration_ms',
      'last_finished_at',
      'last_started_at',
      'last_tick',
    ]) {
      await q.dropColumn('job_leases', column);
    }
    for (const table of [
      'staff_daily_moves',
      'risk_alerts',
      'approvals',
      'report_daily_settlement',
      'report_daily_sales',
      'report_member_years',
      'report_daily_lots',
      'report_daily_flows',
    ]) {
      await q.dropTable(table);
    }
    await q.dropColumn('admins', 'disabled_at');
    await q.dropColumn('admins', 'role');
  }
}
