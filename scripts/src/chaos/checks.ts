import { select } from '../../../bff/src/db/tx';
import { getMemberBalances } from '../../../bff/src/domain/ledger';
import { call } from './http';
import { liveUrl, type World } from './world';

/**
 * After a seed: the ledger audit over HTTP, then the model. For each person, members A and B
 * together hold exactly what the acknowledged operations imply (points net of any debt, stored
 * value); an absorbed member holds nothing; each acknowledged coupon claim and reward exchange
 * exists exactly once. People with an operation whose answer never came back are counted, not
 * checked.
 */
export async function checkWorld(world: World): Promise<{ violations: string[]; unchecked: number }> {
  const violations: string[] = [];
  const audit = await call(liveUrl(world.instances), 'GET', '/api/admin/ledger/audit', undefined, {
    token: world.admin,
  });
  if (audit.status !== 200 || !audit.body.balanced || (audit.body.mismatchedAccounts ?? []).length > 0) {
    violations.push(`ledger audit: ${JSON.stringify(audit.body).slice(0, 300)}`);
  }
  const db = world.dataSource.manager;
  let unchecked = 0;
  for (const person of world.persons) {
    if (person.unresolved > 0) {
      unchecked++;
      continue;
    }
    let points = 0;
    let fen = 0;
    for (const memberId of [person.memberA, person.memberB]) {
      if (!memberId) continue;
      const balances = await getMemberBalances(db, memberId);
      points += balances.points + balances.pendingPoints - balances.pointsDebt;
      fen += balances.storedValueFen;
      const [row] = await select<{ status: string }>(db, 'SELECT status FROM members WHERE id = ?', [memberId]);
      if (
        row?.status === 'merged' &&
        (balances.points !== 0 || balances.storedValueFen !== 0 || balances.pendingPoints !== 0)
      )
        violations.push(`person ${person.index}: absorbed member ${memberId} still holds ${JSON.stringify(balances)}`);
    }
    if (points !== person.expected.points || fen !== person.expected.fen) {
      violations.push(
        `person ${person.index}${person.memberB ? ' (A+B)' : ''}: holds ${points} points / ${fen} fen, acknowledged operations imply ${person.expected.points} / ${person.expected.fen}`,
      );
    }
  }
  const [claims] = await select<{ n: number }>(db, 'SELECT COUNT(*) AS n FROM coupons WHERE template_id = ?', [
    world.templateId,
  ]);
  const [exchanges] = await select<{ n: number }>(
    db,
    'SELECT COUNT(*) AS n FROM reward_exchanges WHERE reward_id = ?',
    [world.rewardId],
  );
  const lostClaims = world.persons.some((person) => person.unresolved > 0);
  if (!lostClaims && Number(claims.n) !== world.acked.claims)
    violations.push(`coupon claims: ${claims.n} coupons exist, ${world.acked.claims} claims acknowledged`);
  if (!lostClaims && Number(exchanges.n) !== world.acked.exchanges)
    violations.push(`reward exchanges: ${exchanges.n} exist, ${world.acked.exchanges} acknowledged`);
  if (Number(claims.n) > world.templateStock)
    violations.push(`coupon stock oversold: ${claims.n} > ${world.templateStock}`);
  if (Number(exchanges.n) > world.rewardStock)
    violations.push(`reward stock oversold: ${exchanges.n} > ${world.rewardStock}`);
  return { violations, unchecked };
}
