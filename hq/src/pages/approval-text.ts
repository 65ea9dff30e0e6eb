/** The 调整审批 page's 内容 column: what an approval request asks for, in one Chinese line. */
import { yuan } from '../format';
import { fallbackParts, isNumber, isRecord, isText, signedPoints, type TextPart } from '../text-parts';

/**
 * `member.adjust` {asset, amount, reason, storeId?}: 会员积分调整 +500 积分 / 会员储值调整 +¥5.00;
 * `points.reinstate` {lotId, points, reason, issuingStoreId}: 恢复过期积分 +300 积分. Anything else
 * (or a field of the wrong type): the key: value list.
 */
export function approvalParts(kind: string, request: unknown): TextPart[] {
  if (!isRecord(request)) return fallbackParts(request);
  if (kind === 'member.adjust') return adjustParts(request) ?? fallbackParts(request);
  if (kind === 'points.reinstate') return reinstateParts(request) ?? fallbackParts(request);
  return fallbackParts(request);
}

function adjustParts(request: Record<string, unknown>): TextPart[] | null {
  const { asset, amount, reason, storeId } = request;
  if (!isNumber(amount) || (asset !== 'POINTS' && asset !== 'CNY')) return null;
  const parts: TextPart[] =
    asset === 'POINTS'
      ? [`会员积分调整 ${signedPoints(amount)} 积分`]
      : [`会员储值调整 ${amount > 0 ? '+' : ''}${yuan(amount)}`];
  if (isText(storeId)) parts.push('，记入门店 ', { id: storeId });
  if (isText(reason)) parts.push(`，原因：${reason}`);
  return parts;
}

function reinstateParts(request: Record<string, unknown>): TextPart[] | null {
  const { lotId, points, reason, issuingStoreId } = request;
  if (!isNumber(points) || !isText(lotId)) return null;
  const parts: TextPart[] = [`恢复过期积分 ${signedPoints(points)} 积分（积分批次 `, { id: lotId }, '）'];
  if (isText(issuingStoreId)) parts.push('，发放门店 ', { id: issuingStoreId });
  if (isText(reason)) parts.push(`，原因：${reason}`);
  return parts;
}
