/** The 风险预警 page's 依据 column: each detect-risk rule's evidence in one Chinese line. */
import { percent, points, yuan } from '../format';
import { daysBetween, fallbackParts, isNumber, isRecord, isText, type TextPart } from '../text-parts';

type Evidence = Record<string, unknown>;
type Describe = (evidence: Evidence) => TextPart[] | null;

const MEMBERS_LISTED = 5;

/** The rule's sentence, or the key: value list for an unknown rule or a field of the wrong type. */
export function evidenceParts(rule: string, evidence: unknown): TextPart[] {
  if (!isRecord(evidence)) return fallbackParts(evidence);
  const describe = RULES[rule];
  const parts = describe ? describe(evidence) : null;
  if (!parts) return fallbackParts(evidence);
  if (isText(evidence.storeId)) parts.push('；门店 ', { id: evidence.storeId });
  return parts;
}

/** `近 7 天` from the window's first and last day, or nothing when they are missing. */
function windowText(evidence: Evidence): string {
  const days = daysBetween(evidence.from, evidence.to);
  return days === null ? '' : `近 ${days} 天`;
}

/** How many of something a clerk did in the window, next to the store's median clerk. */
function aboveNorm(evidence: Evidence, count: unknown, median: unknown, what: string, total: string | null) {
  if (!isNumber(count) || !isNumber(median) || total === null) return null;
  const clerks = isNumber(evidence.clerksAtStore) ? `，共 ${points(evidence.clerksAtStore)} 名店员` : '';
  return [
    `${windowText(evidence)}${what} ${points(count)} 次，共 ${total}（门店中位数 ${points(median)} 次${clerks}）`,
  ];
}

function membersList(members: unknown[], describe: (member: Evidence) => TextPart[]): TextPart[] {
  const parts: TextPart[] = [];
  members.slice(0, MEMBERS_LISTED).forEach((member, index) => {
    if (index > 0) parts.push('、');
    parts.push(...describe(member as Evidence));
  });
  if (members.length > MEMBERS_LISTED) parts.push(` 等 ${members.length} 位`);
  return parts;
}

const everyMember = (list: unknown): list is Evidence[] =>
  Array.isArray(list) && list.every((item) => isRecord(item) && isText(item.memberId));

function sharedSignups(evidence: Evidence, what: string): TextPart[] | null {
  const { signUps, members } = evidence;
  if (!isNumber(signUps) || !everyMember(members)) return null;
  return [
    `${windowText(evidence)} ${points(signUps)} 位新会员${what}注册：`.trimStart(),
    ...membersList(members, (member) => [{ id: member.memberId as string }]),
  ];
}

const RULES: Record<string, Describe> = {
  'clerk-refunds': (e) =>
    aboveNorm(e, e.refunds, e.storeMedianRefunds, '退款', isNumber(e.refundedFen) ? yuan(e.refundedFen) : null),
  'clerk-redemptions': (e) =>
    aboveNorm(
      e,
      e.redemptions,
      e.storeMedianRedemptions,
      '积分抵扣',
      isNumber(e.pointsRedeemed) ? `${points(e.pointsRedeemed)} 积分` : null,
    ),
  'clerk-few-members': (e) => {
    const { pointsEarned, topMembers, share, members } = e;
    if (!isNumber(pointsEarned) || !isNumber(share) || !everyMember(topMembers)) return null;
    if (!topMembers.every((member) => isNumber(member.points))) return null;
    const among = isNumber(members) ? `（共 ${points(members)} 位会员）` : '';
    return [
      `${windowText(e)}经手发放 ${points(pointsEarned)} 积分${among}，${percent(share)} 集中于 ${topMembers.length} 位会员：`,
      ...membersList(topMembers, (member) => [
        { id: member.memberId as string },
        ` ${points(member.points as number)} 积分`,
      ]),
    ];
  },
  'member-earn-spike': (e) => {
    const { pointsToday, usualDailyPoints, date } = e;
    if (!isNumber(pointsToday) || !isNumber(usualDailyPoints)) return null;
    return [
      `${isText(date) ? `${date} ` : '当天'}获得 ${points(pointsToday)} 积分，平时日均 ${points(usualDailyPoints)} 积分`,
    ];
  },
  'clerk-daily-cap': (e) => {
    const { date, cap, pointsMovedToday, refused } = e;
    if (!isNumber(cap) || !isNumber(pointsMovedToday)) return null;
    const parts: TextPart[] = [
      `${isText(date) ? `${date} ` : '当天'}已调动 ${points(pointsMovedToday)} 积分，单日上限 ${points(cap)} 积分`,
    ];
    if (isRecord(refused) && isNumber(refused.points)) {
      parts.push(`；拦下一笔需调动 ${points(refused.points)} 积分的退款`);
      if (isText(refused.checkoutId)) parts.push('（结账单 ', { id: refused.checkoutId }, '）');
    }
    return parts;
  },
  'signup-shared-device': (e) => sharedSignups(e, '使用同一台设备'),
  'signup-shared-payer': (e) => sharedSignups(e, '使用同一付款人'),
};
