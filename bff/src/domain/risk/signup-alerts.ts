import { createHash } from 'node:crypto';
import { execute, readInstant, select, type Tx } from '../../db/tx';
import { type RiskWindow, windowOf } from './detect-risk';
import type { NewAlert } from './risk-alerts';

/** Notes the login device of a new member (login's `deviceId`), for the shared-device rule. */
export async function recordSignupDevice(
  tx: Tx,
  input: { memberId: string; deviceId: string; at: Date },
): Promise<void> {
  await execute(tx, 'INSERT INTO signup_devices (member_id, device_id, created_at) VALUES (?, ?, ?)', [
    input.memberId,
    input.deviceId,
    input.at,
  ]);
}

interface SignupRow {
  shared: string;
  member_id: string;
  created_at: Date | string;
}

/**
 * Many new members from one login device in the window (sign-ups and referral sign-ups alike):
 * one range of `ix_signup_devices_created`, grouped here.
 */
export async function sharedDeviceAlerts(db: Tx, w: RiskWindow): Promise<NewAlert[]> {
  const win = windowOf(w);
  const rows = await select<SignupRow>(
    db,
    `SELECT device_id AS shared, member_id, created_at FROM signup_devices
      WHERE created_at >= ? AND created_at < ? ORDER BY created_at, member_id`,
    [win.start, win.end],
  );
  return clusterAlerts(rows, 'device', w.rule.sharedDeviceMinSignups, w);
}

/**
 * Many members who signed up in the window paid for (a paid WeChat Pay order in the window) by one
 * payer openid.
 */
export async function sharedPayerAlerts(db: Tx, w: RiskWindow): Promise<NewAlert[]> {
  const win = windowOf(w);
  const rows = await select<SignupRow>(
    db,
    `SELECT DISTINCT p.openid AS shared, m.id AS member_id, m.created_at FROM pay_orders p JOIN members m ON m.id = p.member_id
      WHERE p.status = 'paid' AND p.created_at >= ? AND p.created_at < ? AND m.created_at >= ? AND m.created_at < ?
      ORDER BY m.created_at, m.id`,
    [win.start, win.end, win.start, win.end],
  );
  return clusterAlerts(rows, 'payer', w.rule.sharedPayerMinSignups, w);
}

/**
 * One alert per device / payer with at least `min` new members, with the members and their sign-up
 * times as evidence. The dedupe key names the newest member, so the next day's run over the same
 * cluster raises nothing, and one more sign-up raises a new alert listing them all.
 */
function clusterAlerts(rows: SignupRow[], kind: 'device' | 'payer', min: number, w: RiskWindow): NewAlert[] {
  const win = windowOf(w);
  const clusters = new Map<string, Array<{ memberId: string; signedUpAt: string }>>();
  for (const row of rows) {
    const members = clusters.get(row.shared) ?? [];
    members.push({ memberId: row.member_id, signedUpAt: readInstant(row.created_at).toISOString() });
    clusters.set(row.shared, members);
  }
  const alerts: NewAlert[] = [];
  for (const [shared, members] of clusters) {
    if (members.length < min) continue;
    // A payer openid may be longer than the alert's subject and dedupe columns hold.
    const subjectId = shared.length <= 64 ? shared : createHash('sha256').update(shared).digest('hex');
    alerts.push({
      rule: `signup-shared-${kind}`,
      severity: members.length >= 2 * min ? 'high' : 'medium',
      subjectType: kind,
      subjectId,
      storeId: null,
      dedupeKey: `signup-shared-${kind}:${subjectId}:${members[members.length - 1].memberId}`,
      evidence: {
        [kind === 'device' ? 'deviceId' : 'payerOpenid']: shared,
        signUps: members.length,
        members,
        from: win.first,
        to: win.today,
      },
      now: w.asOf,
    });
  }
  return alerts;
}
