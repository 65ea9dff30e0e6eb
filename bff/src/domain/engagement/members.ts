import { select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';

/** Engagement rewards go to active members only (a merged or deleted member gets nothing). */
export async function assertActiveMember(db: Tx, memberId: string): Promise<void> {
  const [member] = await select<{ status: string }>(db, 'SELECT status FROM members WHERE id = ?', [memberId]);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'No such member.', { memberId });
  if (member.status !== 'active')
    throw new AppError('MEMBER_MERGED', 'This member was merged or deleted.', { status: member.status });
}
