import { randomBytes } from 'node:crypto';
import { memberCodeAt } from '@tongka/shared-types';
import { type Connection, createConnection } from 'mysql2/promise';
import { createDataSource } from '../../../bff/src/db/data-source';
import { auditLedger, getMemberOverview } from '../../../bff/src/domain/ledger';
import type { BenchEnv } from './checkout-seed';
import { postJson } from './http-client';
import { cloneMemberCodeId, cloneTemplate } from './scale-clone';
import type { Template } from './scale-seed';

/** Server settings compared; each applied with SET GLOBAL (all dynamic on MariaDB 10.11 / MySQL 8). */
export const SETTING_VARIANTS: Array<{ name: string; set: Record<string, number> }> = [
  { name: 'as found', set: {} },
  { name: 'innodb_flush_log_at_trx_commit=2', set: { innodb_flush_log_at_trx_commit: 2 } },
  { name: 'buffer pool 1 GiB', set: { innodb_buffer_pool_size: 1024 * 1048576 } },
  {
    name: 'buffer pool 1 GiB, redo 512 MiB, flush=2',
    set: {
      innodb_buffer_pool_size: 1024 * 1048576,
      innodb_log_file_size: 512 * 1048576,
      innodb_flush_log_at_trx_commit: 2,
    },
  },
];

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

async function globals(conn: Connection, names: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const name of names) {
    const [[row]] = (await conn.query(`SELECT @@GLOBAL.${name} AS v`)) as any;
    out[name] = Number(row.v);
  }
  return out;
}

/** SET GLOBAL each value, waiting for a buffer-pool resize to finish. */
async function apply(conn: Connection, values: Record<string, number>): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    const [[row]] = (await conn.query(`SELECT @@GLOBAL.${name} AS v`)) as any;
    if (Number(row.v) === value) continue;
    await conn.query(`SET GLOBAL ${name} = ${Number(value)}`);
    if (name === 'innodb_buffer_pool_size') {
      for (let i = 0; i < 600; i++) {
        const [[status]] = (await conn.query("SHOW STATUS LIKE 'Innodb_buffer_pool_resize_status'")) as any;
        const [[now]] = (await conn.query('SELECT @@GLOBAL.innodb_buffer_pool_size AS v')) as any;
        if (Number(now.v) === value && !/started|resizing|withdraw|allocat/i.test(String(status?.Value ?? ''))) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }
}

/**
 * At the chain's final size, the same work under each server setting (restored afterwards): the
 * full ledger audit (reads every transfer: buffer pool), checkouts at concurrency 8 (one commit
 * each: flush at commit), a bulk load of 10 more template copies (redo log), and member overviews
 * at concurrency 32 through pools of 4, 20 and 50 connections (the connection pool).
 */
export async function measureDbSettings(input: {
  env: BenchEnv;
  url: string;
  bffUrl: string;
  template: Template;
  copies: number;
  log: (line: string) => void;
}) {
  const admin = await createConnection({ uri: input.url });
  const names = ['innodb_buffer_pool_size', 'innodb_log_file_size', 'innodb_flush_log_at_trx_commit'];
  const found = await globals(admin, names);
  const variants = [];
  let copies = input.copies;
  try {
    for (const variant of SETTING_VARIANTS) {
      await apply(admin, { ...found, ...variant.set });
      const t0 = performance.now();
      await auditLedger(input.env.dataSource);
      const auditSeconds = round((performance.now() - t0) / 1000);
      const checkouts = await checkoutRate(input.bffUrl, input.template);
      const t1 = performance.now();
      await cloneTemplate({
        url: input.url,
        memberIds: input.template.members.map((m) => m.memberId),
        fromCopy: copies + 1,
        toCopy: copies + 10,
      });
      copies += 10;
      const bulkSeconds = round((performance.now() - t1) / 1000);
      const entry = {
        name: variant.name,
        settings: await globals(admin, names),
        auditSeconds,
        checkoutsPerSecond: checkouts,
        bulkLoad10CopiesSeconds: bulkSeconds,
      };
      input.log(`  settings ${JSON.stringify(entry)}`);
      variants.push(entry);
    }
  } finally {
    await apply(admin, found);
    await admin.end();
  }
  const pools = [];
  for (const poolSize of [4, 20, 50]) pools.push({ poolSize, ...(await overviewRate(input, poolSize)) });
  input.log(`  pools ${JSON.stringify(pools)}`);
  return { restoredTo: found, variants, pools };
}

/** 200 checkouts at concurrency 8 on template members (fresh scans first). */
async function checkoutRate(bffUrl: string, template: Template): Promise<number> {
  const store = template.stores[1];
  const auth = { authorization: `Bearer ${store.staffToken}` };
  // Copy 1 of the first eight template members: the template itself must not move (later copies).
  const members = template.members.slice(0, 8).map((m) => ({
    ...m,
    index: m.index,
    memberCodeId: cloneMemberCodeId(template.members.length, 1, m.index),
  }));
  const step = Math.floor(Date.now() / 30_000);
  const scans: string[] = [];
  for (const member of members) {
    // One code opens one scan: a step this member's code has not been scanned at yet.
    for (let back = 0; back < 3 && !scans[member.index]; back++) {
      const res = await postJson(`${bffUrl}/api/stores/${store.storeId}/scan`, auth, {
        code: memberCodeAt(member.memberCodeId, member.secret, (step - back) * 30_000 + 1_000),
      });
      if (res.status === 200) scans[member.index] = res.body.scanId;
    }
  }
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    members.map(async (member) => {
      for (let i = next++; i < 200; i = next++) {
        await postJson(
          `${bffUrl}/api/stores/${store.storeId}/checkouts`,
          { ...auth, 'idempotency-key': randomBytes(12).toString('hex') },
          { scanId: scans[member.index], orderRef: `D-${randomBytes(8).toString('hex')}`, amountFen: 4_560 },
        );
      }
    }),
  );
  return round(200 / ((performance.now() - t0) / 1000), 1);
}

/** Member overviews (the /api/me read) at concurrency 32 through a pool of `poolSize` connections. */
async function overviewRate(input: { url: string; template: Template }, poolSize: number) {
  const dataSource = createDataSource(input.url, { poolSize });
  await dataSource.initialize();
  try {
    const ids = input.template.members.map((m) => m.memberId);
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        for (let i = next++; i < 2_000; i = next++)
          await getMemberOverview(dataSource.manager, ids[i % ids.length], new Date());
      }),
    );
    return { overviewsPerSecond: round(2_000 / ((performance.now() - t0) / 1000), 0) };
  } finally {
    await dataSource.destroy();
  }
}
