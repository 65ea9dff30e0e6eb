import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex, TableUnique } from 'typeorm';

const OLD = { name: 'uq_scans_code_step', columnNames: ['member_code_id', 'code_step'] };
const NEW = { name: 'uq_scans_code_version_step', columnNames: ['member_code_id', 'secret_version', 'code_step'] };

/**
 * One code opens one scan per secret: the reuse key becomes (member-code id, secret version,
 * TOTP step), so the first code of a just-rotated secret is not taken for the old secret's code
 * of the same 30-second step. MySQL keeps table uniques as unique indexes, SQLite as constraints.
 */
export class ScanSecretVersion1732430000001 implements MigrationInterface {
  name = 'ScanSecretVersion1732430000001';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('scans', new TableColumn({ name: 'secret_version', type: 'int', isNullable: false, default: 1 }));
    await swapUnique(q, OLD, NEW);
  }

  async down(q: QueryRunner): Promise<void> {
    await swapUnique(q, NEW, OLD);
    await q.dropColumn('scans', 'secret_version');
  }
}

async function swapUnique(q: QueryRunner, from: typeof OLD, to: typeof OLD): Promise<void> {
  if (q.connection.options.type === 'better-sqlite3') {
    await q.dropUniqueConstraint('scans', from.name);
    await q.createUniqueConstraint('scans', new TableUnique(to));
    return;
  }
  await q.dropIndex('scans', from.name);
  await q.createIndex('scans', new TableIndex({ ...to, isUnique: true }));
}
