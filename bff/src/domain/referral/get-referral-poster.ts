import { execute, isUniqueViolation, select } from '../../db/tx';
import type { AppDeps } from '../../deps';
import { WechatApiError } from '../../wechat';
import { toWechatAppError } from '../identity/wechat-errors';
import { miniProgramOf } from '../members/deps-helpers';
import { AppError } from '../shared/app-error';

export interface Poster {
  contentType: string;
  image: Buffer;
}

/** The entry page the code opens (WECHAT.md: no leading slash, no query). */
export const POSTER_PAGE = 'pages/index/index';

/**
 * The member's mini-program code (wxacode.getUnlimited, scene `r=CODE`), fetched from WeChat once
 * and kept: later calls read the stored image and make no WeChat request. WeChat's errors come as
 * JSON on HTTP 200 (the client branches on the content type) and are answered as our own codes.
 * The WeChat call happens outside any transaction; two first calls at once store one image.
 */
export async function getReferralPoster(deps: AppDeps, memberId: string): Promise<Poster> {
  const db = deps.dataSource.manager;
  const cached = await readPoster(deps, memberId);
  if (cached) return cached;
  const [member] = await select<{ referral_code: string }>(db, 'SELECT referral_code FROM members WHERE id = ?', [
    memberId,
  ]);
  if (!member) throw new AppError('MEMBER_NOT_FOUND', 'This member no longer exists.');
  const poster = await fetchCode(deps, `r=${member.referral_code}`);
  try {
    await execute(db, 'INSERT INTO referral_posters (member_id, content_type, image, created_at) VALUES (?, ?, ?, ?)', [
      memberId,
      poster.contentType,
      poster.image,
      deps.clock.now(),
    ]);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return (await readPoster(deps, memberId)) ?? poster;
  }
  return poster;
}

async function readPoster(deps: AppDeps, memberId: string): Promise<Poster | null> {
  const [row] = await select<{ content_type: string; image: Buffer | Uint8Array }>(
    deps.dataSource.manager,
    'SELECT content_type, image FROM referral_posters WHERE member_id = ?',
    [memberId],
  );
  return row ? { contentType: row.content_type, image: Buffer.from(row.image) } : null;
}

async function fetchCode(deps: AppDeps, scene: string): Promise<Poster> {
  try {
    return await miniProgramOf(deps).getUnlimitedQrCode({ scene, page: POSTER_PAGE, checkPath: false, width: 430 });
  } catch (error) {
    // 45009: the account's per-minute quota; the member can simply try again a little later.
    if (error instanceof WechatApiError && error.errcode === 45009) {
      throw new AppError('WECHAT_RATE_LIMITED', 'Too many poster requests to WeChat just now; try again in a minute.', {
        retryAfterSeconds: 60,
      });
    }
    throw toWechatAppError(error);
  }
}
