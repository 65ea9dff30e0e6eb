import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every TypeScript source of the BFF outside the migrations (which may reshape history once). */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'migrations' ? [] : sources(path);
    return name.endsWith('.ts') && !name.endsWith('.spec.ts') ? [path] : [];
  });
}

/**
 * What the code may update in the ledger: cached balances, lot remainders, settings, and the
 * audit's checkpoint (its own bookkeeping of where it got to, not history).
 */
const ALLOWED_UPDATES: Record<string, string[]> = {
  ledger_accounts: ['balance', 'pending_in'],
  ledger_lots: ['remaining'],
  ledger_settings: ['value'],
  ledger_audit_checkpoints: ['version', 'last_transfer_id', 'audited_at'],
};

/** accounts.ts interpolates the column it credits, balance or pending_in. */
const CHOSEN_COLUMN = ['$', '{column}'].join('');

describe('append-only ledger history', () => {
  const files = sources(join(__dirname, '..', '..'));

  test('When the BFF writes the ledger, Then it never deletes a ledger row', () => {
    const deletes = files.filter((file) => /DELETE\s+FROM\s+`?ledger_/i.test(readFileSync(file, 'utf8')));
    expect(deletes).toEqual([]);
  });

  test('When the BFF updates a ledger table, Then only balances, lot remainders and settings change', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(/UPDATE\s+`?(ledger_\w+)`?\s+SET\s+([\s\S]*?)\s+WHERE/gi)) {
        const [, table, assignments] = match;
        const columns = [...assignments.matchAll(/(?:^|,)\s*`?(\w+|\$\{\w+\})`?\s*=/g)].map((m) => m[1]);
        const allowed = ALLOWED_UPDATES[table] ?? [];
        for (const column of columns)
          if (!allowed.includes(column) && column !== CHOSEN_COLUMN) wrong.push(`${file}: ${table}.${column}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});
