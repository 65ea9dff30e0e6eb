import type { EntityManager } from 'typeorm';
import { execute, inTransaction } from '../../bff/src/db/tx';
import { createTestDatabase, type TestDatabase } from '../support/test-db';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  for (const code of ['A', 'B']) {
    await db.dataSource.query('INSERT INTO stores (id, code, name, city, created_at) VALUES (?, ?, ?, NULL, ?)', [
      code,
      code,
      code,
      new Date(),
    ]);
  }
});
afterAll(() => db?.drop());

/** Resolves when both sides have reached it, so the two transactions really interleave. */
function barrier(parties: number) {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === parties) release();
    return all;
  };
}

describe('inTransaction', () => {
  test('When two transactions deadlock on MariaDB, Then the victim is retried and both commit', async () => {
    const attempts = { ab: 0, ba: 0 };
    const firstRound = barrier(2);
    const lockBoth = (first: string, second: string, counter: 'ab' | 'ba') => async (tx: EntityManager) => {
      attempts[counter] += 1;
      await execute(tx, 'UPDATE stores SET name = CONCAT(name, ?) WHERE id = ?', [counter, first]);
      if (attempts[counter] === 1) await firstRound();
      await execute(tx, 'UPDATE stores SET name = CONCAT(name, ?) WHERE id = ?', [counter, second]);
      return counter;
    };
    const results = await Promise.all([
      inTransaction(db.dataSource, lockBoth('A', 'B', 'ab')),
      inTransaction(db.dataSource, lockBoth('B', 'A', 'ba')),
    ]);
    expect(results).toEqual(['ab', 'ba']);
    expect(attempts.ab + attempts.ba).toBeGreaterThanOrEqual(3); // one side was a deadlock victim and ran again
    const rows = await db.dataSource.query('SELECT id, name FROM stores ORDER BY id');
    // each transaction appended its tag to both rows exactly once: no partial effects of the victim
    for (const row of rows) {
      expect(row.name.split('ab').length - 1).toBe(1);
      expect(row.name.split('ba').length - 1).toBe(1);
    }
  });

  test('When the work throws, Then everything it wrote is rolled back', async () => {
    await expect(
      inTransaction(db.dataSource, async (tx) => {
        await execute(tx, 'UPDATE stores SET city = ? WHERE id = ?', ['Hangzhou', 'A']);
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    const [row] = await db.dataSource.query('SELECT city FROM stores WHERE id = ?', ['A']);
    expect(row.city).toBeNull();
  });
});
