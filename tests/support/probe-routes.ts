import { ulid } from 'ulid';
import { z } from 'zod';
import { execute, select } from '../../bff/src/db/tx';
import { AppError } from '../../bff/src/domain/shared/app-error';
import { defineRoute } from '../../bff/src/http/route';

/**
 * Routes mounted only by the foundation tests, to exercise the middleware chain through real HTTP
 * with a real write: each call appends one audit_log row inside the idempotent transaction.
 */
const ProbeBody = z
  .object({ note: z.string().max(50), amountFen: z.number().int().min(0), fail: z.boolean().optional() })
  .strict();

export const probeRoutes = [
  defineRoute({
    method: 'post',
    path: '/api/test/probe-writes',
    summary: 'test probe',
    tag: 'test',
    auth: 'none',
    idempotent: true,
    status: 201,
    body: ProbeBody,
    async handle({ body, tx }) {
      const id = ulid();
      await execute(
        tx!,
        'INSERT INTO audit_log (id, actor_type, actor_id, action, target_type, target_id, before_json, after_json, created_at) VALUES (?, ?, ?, ?, ?, ?, NULL, ?, ?)',
        [id, 'test', 'probe', 'probe.write', 'probe', body.note, JSON.stringify(body), new Date()],
      );
      // Hold the transaction open a little so concurrent duplicates really overlap.
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (body.fail) throw new AppError('INSUFFICIENT_POINTS', 'probe asked to fail');
      const [row] = await select<{ n: number }>(tx!, 'SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?', [
        body.note,
      ]);
      return { id, note: body.note, rowsForNote: Number(row.n) };
    },
  }),
];

export async function countProbeRows(
  run: (sql: string, params: unknown[]) => Promise<Array<{ n: number | string }>>,
  note: string,
): Promise<number> {
  const [row] = await run('SELECT COUNT(*) AS n FROM audit_log WHERE target_id = ?', [note]);
  return Number(row.n);
}
