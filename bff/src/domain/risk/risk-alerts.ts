import type { RiskAlert } from '@tongka/shared-types';
import { execute, isUniqueViolation, readInstant, select, type Tx } from '../../db/tx';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../shared/app-error';
import { newestFirstPage } from '../shared/newest-first-page';
import { ulid } from '../shared/ulid';

export interface NewAlert {
  rule: string;
  severity: 'low' | 'medium' | 'high';
  subjectType: RiskAlert['subjectType'];
  subjectId: string;
  storeId: string | null;
  /** One alert per rule, subject and period: a second detection of the same thing is not a new alert. */
  dedupeKey: string;
  evidence: Record<string, unknown>;
  now: Date;
}

interface AlertRow {
  id: string;
  rule: string;
  severity: RiskAlert['severity'];
  subject_type: RiskAlert['subjectType'];
  subject_id: string;
  evidence_json: string;
  status: RiskAlert['status'];
  acknowledged_by: string | null;
  acknowledged_at: unknown;
  note: string | null;
  created_at: unknown;
}

/** Raises an alert unless the same one (dedupe key) exists; true when this call raised it. */
export async function raiseAlert(tx: Tx, alert: NewAlert): Promise<boolean> {
  const evidence = { ...alert.evidence, storeId: alert.storeId };
  try {
    await execute(
      tx,
      `INSERT INTO risk_alerts (id, rule, severity, subject_type, subject_id, dedupe_key, evidence_json, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
      [
        ulid(),
        alert.rule,
        alert.severity,
        alert.subjectType,
        alert.subjectId,
        alert.dedupeKey,
        JSON.stringify(evidence),
        alert.now,
      ],
    );
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
}

function toAlert(row: AlertRow): RiskAlert {
  const evidence = JSON.parse(row.evidence_json) as Record<string, unknown>;
  return {
    id: row.id,
    rule: row.rule,
    severity: row.severity,
    subject: `${row.subject_type}:${row.subject_id}`,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    storeId: (evidence.storeId as string | null) ?? null,
    evidence,
    createdAt: readInstant(row.created_at).toISOString(),
    status: row.status,
    ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
    ...(row.acknowledged_at ? { acknowledgedAt: readInstant(row.acknowledged_at).toISOString() } : {}),
    ...(row.note ? { note: row.note } : {}),
  };
}

export function listAlerts(
  db: Tx,
  query: { status?: string; limit: number; cursor?: string },
): Promise<{ items: RiskAlert[]; nextCursor: string | null }> {
  return newestFirstPage<AlertRow, RiskAlert>(db, 'risk_alerts', query, toAlert);
}

/** HQ acknowledges an open alert with a note (audited); an acknowledged one stays as it was. */
export async function acknowledgeAlert(
  tx: Tx,
  input: { id: string; adminId: string; note: string; now: Date },
): Promise<RiskAlert> {
  const changed = await execute(
    tx,
    "UPDATE risk_alerts SET status = 'acknowledged', acknowledged_by = ?, acknowledged_at = ?, note = ? WHERE id = ? AND status = 'open'",
    [input.adminId, input.now, input.note, input.id],
  );
  const [row] = await select<AlertRow>(tx, 'SELECT * FROM risk_alerts WHERE id = ?', [input.id]);
  if (!row) throw new AppError('ALERT_NOT_FOUND', 'No such risk alert.', { id: input.id });
  if (changed !== 1) {
    throw new AppError('ALERT_ALREADY_ACKNOWLEDGED', 'This alert was already acknowledged.', { id: input.id });
  }
  await recordAudit(tx, {
    actorType: 'admin',
    actorId: input.adminId,
    action: 'risk-alert.acknowledge',
    targetType: 'risk-alert',
    targetId: input.id,
    before: { status: 'open' },
    after: { status: 'acknowledged', note: input.note },
    at: input.now,
  });
  return toAlert(row);
}
