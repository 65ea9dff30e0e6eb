import type { CouponIssue, CouponIssueRequest } from '@tongka/shared-types';
import { execute, inTransaction, readInstant, select, type Tx } from '../../db/tx';
import type { AppDeps } from '../../deps';
import type { JobOptions } from '../../jobs/registry';
import { recordAudit } from '../audit/record-audit';
import { lockClause } from '../checkout/member-snapshot';
import { queueCouponReceivedMessages } from '../notifications/queue-coupon-messages';
import { templateFor } from '../notifications/subscriptions';
import { AppError } from '../shared/app-error';
import { ulid } from '../shared/ulid';
import { newCouponCode } from './coupon-codes';
import { readTemplate, type TemplateRow } from './coupon-template-row';
import { validityFor } from './coupon-validity';
import { couponValueText } from './coupon-value-text';

export const ISSUE_BATCH_SIZE = 1_000;

interface IssueRow {
  id: string;
  template_id: string;
  target_json: string;
  status: 'running' | 'done';
  stopped_by: 'STOCK' | null;
  total: number | string;
  done: number | string;
  issued: number | string;
  cursor_id: string | null;
  created_at: Date | string;
  finished_at: Date | string | null;
}

type Target = { memberIds: string[] } | { tier: string } | { all: true };

/** POST /api/admin/coupon-templates/:id/issue: records the issue and its size; the job does the work. */
export async function startCouponIssue(
  tx: Tx,
  input: { templateId: string; target: CouponIssueRequest; adminId: string; now: Date },
): Promise<CouponIssue> {
  const template = await readTemplate(tx, input.templateId);
  if (template.status === 'ended') {
    throw new AppError('COUPON_NOT_CLAIMABLE', 'This coupon template has ended.', { templateId: template.id });
  }
  const target: Target = input.target.memberIds
    ? { memberIds: [...new Set(input.target.memberIds)].sort() }
    : input.target.tier
      ? { tier: input.target.tier }
      : { all: true };
  const total = await targetSize(tx, target);
  const issueId = ulid();
  await execute(
    tx,
    `INSERT INTO coupon_issues (id, template_id, target_json, status, stopped_by, total, done, issued, batches, cursor_id,
       created_by, created_at, updated_at, finished_at) VALUES (?, ?, ?, 'running', NULL, ?, 0, 0, 0, NULL, ?, ?, ?, NULL)`,
    [issueId, template.id, JSON.stringify(target), total, input.adminId, input.now, input.now],
  );
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'coupon-template.issue',
    targetType: 'coupon-template',
    targetId: template.id,
    after: { issueId, target: 'memberIds' in target ? { memberIds: target.memberIds.length } : target },
    at: input.now,
  });
  return readCouponIssue(tx, issueId);
}

/** The target's size: the ids given (unknown or inactive ones are handled and skipped), or the members of a tier / all. */
async function targetSize(tx: Tx, target: Target): Promise<number> {
  if ('memberIds' in target) return target.memberIds.length;
  const [count] = await select<{ n: number | string }>(
    tx,
    `SELECT COUNT(*) AS n FROM members WHERE status = 'active'${'tier' in target ? ' AND tier = ?' : ''}`,
    'tier' in target ? [target.tier] : [],
  );
  return Number(count?.n ?? 0);
}

export async function readCouponIssue(db: Tx, issueId: string): Promise<CouponIssue> {
  const [row] = await select<IssueRow>(db, 'SELECT * FROM coupon_issues WHERE id = ?', [issueId]);
  if (!row) throw new AppError('COUPON_ISSUE_NOT_FOUND', 'There is no such coupon issue.', { issueId });
  return {
    issueId: row.id,
    templateId: row.template_id,
    status: row.status,
    total: Number(row.total),
    done: Number(row.done),
    issued: Number(row.issued),
    stoppedBy: row.stopped_by,
    finishedAt: row.finished_at === null ? null : readInstant(row.finished_at).toISOString(),
  };
}

/**
 * Job `issue-coupons`: works through every running issue, a batch of members at a time, each
 * batch in its own transaction that moves the issue's cursor with a conditional UPDATE (a batch
 * another runner already did rolls back). A run stopped anywhere resumes from the last batch
 * committed; (issue_id, member_id) is unique, so no member gets a second coupon from one issue.
 */
export async function issueCouponsJob(deps: AppDeps, options: JobOptions): Promise<{ processed: number }> {
  let processed = 0;
  for (;;) {
    const [next] = await select<{ id: string }>(
      deps.dataSource.manager,
      "SELECT id FROM coupon_issues WHERE status = 'running' ORDER BY created_at, id LIMIT 1",
    );
    if (!next) return { processed };
    for (;;) {
      const step = await inTransaction(deps.dataSource, (tx) =>
        issueBatch(tx, next.id, {
          timeZone: deps.config.CHAIN_TIME_ZONE,
          messageTemplateId: templateFor(deps.config, 'coupon-received'),
          now: deps.clock.now(),
        }),
      );
      processed += step.issued;
      options.onProgress?.(step.done, step.total);
      await options.lease?.checkpoint({ issueId: next.id, done: step.done });
      if (step.finished) break;
    }
  }
}

interface BatchStep {
  done: number;
  total: number;
  issued: number;
  finished: boolean;
}

interface BatchContext {
  timeZone: string;
  /** The coupon-received subscribe template (null: no message). */
  messageTemplateId: string | null;
  now: Date;
}

async function issueBatch(tx: Tx, issueId: string, context: BatchContext): Promise<BatchStep> {
  const { now } = context;
  const [issue] = await select<IssueRow>(tx, 'SELECT * FROM coupon_issues WHERE id = ?', [issueId]);
  const total = Number(issue.total);
  if (issue.status !== 'running') return { done: Number(issue.done), total, issued: 0, finished: true };
  const { handled, members } = await nextMembers(tx, JSON.parse(issue.target_json) as Target, issue.cursor_id);
  const template = await readTemplate(tx, issue.template_id, lockClause(tx));
  const wanted = template.status === 'ended' ? 0 : members.length;
  const take = Math.min(wanted, stockLeft(template));
  await execute(tx, 'UPDATE coupon_templates SET issued = issued + ? WHERE id = ?', [take, template.id]);
  await insertIssued(tx, {
    issueId,
    template,
    memberIds: members.slice(0, take),
    at: readInstant(issue.created_at),
    ...context,
  });
  const finished = handled.length === 0 || take < members.length;
  const stoppedBy = take < members.length && template.status !== 'ended' ? 'STOCK' : null;
  const moved = await execute(
    tx,
    `UPDATE coupon_issues SET cursor_id = ?, done = done + ?, issued = issued + ?, batches = batches + 1, status = ?,
       stopped_by = ?, updated_at = ?, finished_at = ? WHERE id = ? AND status = 'running' AND done = ?`,
    [
      handled.length > 0 ? handled[handled.length - 1] : issue.cursor_id,
      handled.length,
      take,
      finished ? 'done' : 'running',
      stoppedBy,
      now,
      finished ? now : null,
      issueId,
      Number(issue.done),
    ],
  );
  if (moved !== 1) throw new Error(`coupon issue ${issueId}: another runner did this batch`);
  return { done: Number(issue.done) + handled.length, total, issued: take, finished };
}

function stockLeft(template: TemplateRow): number {
  return template.stock === null ? Number.MAX_SAFE_INTEGER : Number(template.stock) - Number(template.issued);
}

/** The next batch of target members after the cursor, in id order: those handled, and the active ones among them. */
async function nextMembers(
  tx: Tx,
  target: Target,
  cursor: string | null,
): Promise<{ handled: string[]; members: string[] }> {
  if ('memberIds' in target) {
    const handled = target.memberIds.filter((id) => cursor === null || id > cursor).slice(0, ISSUE_BATCH_SIZE);
    if (handled.length === 0) return { handled, members: [] };
    const rows = await select<{ id: string }>(
      tx,
      `SELECT id FROM members WHERE id IN (${handled.map(() => '?').join(', ')}) AND status = 'active' ORDER BY id`,
      handled,
    );
    return { handled, members: rows.map((row) => row.id) };
  }
  const tier = 'tier' in target ? ' AND tier = ?' : '';
  const rows = await select<{ id: string }>(
    tx,
    `SELECT id FROM members WHERE status = 'active' AND id > ?${tier} ORDER BY id LIMIT ${ISSUE_BATCH_SIZE}`,
    'tier' in target ? [cursor ?? '', target.tier] : [cursor ?? ''],
  );
  const ids = rows.map((row) => row.id);
  return { handled: ids, members: ids };
}

/** The batch's coupons, and "coupon received" for those of its members who allowed the message. */
async function insertIssued(
  tx: Tx,
  input: { issueId: string; template: TemplateRow; memberIds: string[]; at: Date } & BatchContext,
): Promise<void> {
  if (input.memberIds.length === 0) return;
  const { validFrom, validUntil } = validityFor(input.template, input.at, input.timeZone);
  const rows = input.memberIds.map((memberId) => [
    ulid(),
    newCouponCode(),
    input.template.id,
    memberId,
    input.issueId,
    validFrom,
    validUntil,
    input.now,
  ]);
  await execute(
    tx,
    `INSERT INTO coupons (id, code, template_id, member_id, status, source, issue_id, valid_from, valid_until, created_at)
     VALUES ${rows.map(() => "(?, ?, ?, ?, 'available', 'issue', ?, ?, ?, ?)").join(', ')}`,
    rows.flat(),
  );
  await queueCouponReceivedMessages(tx, {
    templateId: input.messageTemplateId,
    coupons: rows.map(([couponId, , , memberId]) => ({ couponId: String(couponId), memberId: String(memberId) })),
    couponName: input.template.name,
    valueText: couponValueText(input.template),
    validUntil,
    now: input.now,
  });
}
