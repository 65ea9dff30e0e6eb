import type { EntityManager } from 'typeorm';
import { execute, inSnapshot, inTransaction } from '../../bff/src/db/tx';
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

  test('When a transaction handle is used after it ended, Then the statement is refused and runs nowhere', async () => {
    let kept: EntityManager | null = null;
    await inTransaction(db.dataSource, async (tx) => {
      kept = tx;
    });
    await expect(execute(kept!, 'UPDATE stores SET city = ? WHERE id = ?', ['Ningbo', 'B'])).rejects.toThrow(
      'already ended',
    );
    const [row] = await db.dataSource.query('SELECT city FROM stores WHERE id = ?', ['B']);
    expect(row.city).toBeNull();
  });

  test('When transactions run, Then READ COMMITTED; when a snapshot reads twice around a commit, Then it sees one instant', async () => {
    const level = await inTransaction(db.dataSource, async (tx) => {
      const [row] = await tx.query('SELECT @@session.tx_isolation AS level');
      return row.level;
    });
    expect(level).toBe('READ-COMMITTED');
    const count = async (tx: EntityManager) => Number((await tx.query('SELECT COUNT(*) AS n FROM stores'))[0].n);
    const seen = await inSnapshot(db.dataSource, async (tx) => {
      const before = await count(tx);
      await db.dataSource.query(
        "INSERT INTO stores (id, code, name, city, created_at) VALUES ('C', 'C', 'C', NULL, ?)",
        [new Date()],
      );
      return [before, await count(tx)];
    });
    expect(seen[0]).toBe(seen[1]);
    expect(await count(db.dataSource.manager)).toBe(seen[0] + 1);
  });
});
