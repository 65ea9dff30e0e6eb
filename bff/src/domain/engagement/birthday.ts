import { execute, isUniqueViolation, select, type Tx } from '../../db/tx';
import { AppError } from '../shared/app-error';
import { assertActiveMember } from './members';

/** A real calendar date, not in the future. */
function assertPlausible(birthday: string, now: Date): void {
  const [year, month, day] = birthday.split('-').map(Number);
  const at = new Date(Date.UTC(year, month - 1, day));
  const real = at.getUTCFullYear() === year && at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
  if (!real || year < 1900 || at.getTime() > now.getTime()) {
    throw new AppError('VALIDATION_FAILED', 'The birthday is not a valid past date.', {
      issues: [{ path: 'birthday', message: 'not a valid past date' }],
    });
  }
}

/** PUT /api/me/birthday: set once; the primary key on the member refuses a second setting. */
export async function setBirthday(tx: Tx, input: { memberId: string; birthday: string; now: Date }) {
  assertPlausible(input.birthday, input.now);
  await assertActiveMember(tx, input.memberId);
  try {
    await execute(tx, 'INSERT INTO member_birthdays (member_id, birthday, set_at) VALUES (?, ?, ?)', [
      input.memberId,
      input.birthday,
      input.now,
    ]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new AppError('BIRTHDAY_ALREADY_SET', 'The birthday was already set and cannot be changed.');
  }
  return { birthday: input.birthday, locked: true };
}

export async function getBirthday(db: Tx, memberId: string) {
  const [row] = await select<{ birthday: string }>(db, 'SELECT birthday FROM member_birthdays WHERE member_id = ?', [
    memberId,
  ]);
  return { birthday: row?.birthday ?? null, locked: Boolean(row) };
}
