import type { RuleKindName, RuleVersionRow } from '@tongka/shared-types';
import { readInstant, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

/** A rule's versions for one scope, newest first; the cursor is the last version number returned. */
export async function listRuleVersions(
  db: Tx,
  input: { kind: RuleKindName; scope: string; limit: number; cursor?: string },
): Promise<{ items: RuleVersionRow[]; nextCursor: string | null }> {
  if (input.cursor !== undefined && !/^\d{1,9}$/.test(input.cursor)) {
    throw new AppError('VALIDATION_FAILED', 'The cursor is not valid.', {
      issues: [{ path: 'cursor', message: 'unknown cursor' }],
    });
  }
  const rows = await select<{
    id: string;
    version: number | string;
    rule_json: string;
    created_by: string;
    created_at: unknown;
  }>(
    db,
    `SELECT id, version, rule_json, created_by, created_at FROM rule_versions
      WHERE kind = ? AND scope = ?${input.cursor ? ' AND version < ?' : ''} ORDER BY version DESC LIMIT ?`,
    [input.kind, input.scope, ...(input.cursor ? [Number(input.cursor)] : []), input.limit + 1],
  );
  const items = rows.slice(0, input.limit).map((row) => ({
    ruleId: row.id,
    kind: input.kind,
    scope: input.scope,
    version: Number(row.version),
    rule: JSON.parse(row.rule_json) as unknown,
    createdBy: row.created_by,
    createdAt: readInstant(row.created_at).toISOString(),
  }));
  return { items, nextCursor: rows.length > input.limit ? String(items[items.length - 1].version) : null };
}
