/** How the console shows money, points and time: ¥ with two decimals, dates in the chain's zone. */
export const DEFAULT_CHAIN_TIME_ZONE = 'Asia/Shanghai';
let chainTimeZone = DEFAULT_CHAIN_TIME_ZONE;

export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('zh-CN');
  return `${sign}¥${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export function points(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toLocaleString('zh-CN');
}

const dateTimeFormatIn = (timeZone: string) =>
  new Intl.DateTimeFormat('zh-CN', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
const dayFormatIn = (timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
let dateTimeFormat = dateTimeFormatIn(chainTimeZone);
let dayFormat = dayFormatIn(chainTimeZone);

/** The chain's zone as the BFF reports it (GET /api/admin/me); Asia/Shanghai until then. */
export function setChainTimeZone(timeZone: string): void {
  if (timeZone === chainTimeZone) return;
  dateTimeFormat = dateTimeFormatIn(timeZone);
  dayFormat = dayFormatIn(timeZone);
  chainTimeZone = timeZone;
}

export function dateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormat.format(new Date(iso)).replace(/\//g, '-') : '—';
}

/** Today's date (YYYY-MM-DD) in the chain's zone, and n days before it. */
export function chainToday(offsetDays = 0): string {
  return dayFormat.format(new Date(Date.now() + offsetDays * 86_400_000));
}

export function percent(ratio: number | null | undefined): string {
  return ratio === null || ratio === undefined ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

export const TIER_NAMES: Record<string, string> = { basic: '普通', silver: '银卡', gold: '金卡', diamond: '钻石' };

export const LEDGER_KIND_NAMES: Record<string, string> = {
  EARN: '消费得积分',
  REDEEM: '积分抵扣',
  EXPIRE: '积分过期',
  MERGE: '账户合并',
  REBATE: '推荐返利',
  TOPUP: '储值充值',
  SPEND: '储值消费',
  REFUND: '退款退回',
  REVERSAL: '冲正',
  ADJUST: '人工调整',
  IMPORT: '历史导入',
  SETTLE: '结算',
  DEBT: '积分欠款',
  DEBT_REPAY: '偿还欠款',
  CHECKIN: '签到',
  EXCHANGE: '积分兑换',
  CLAWBACK: '退款扣回',
};

/** The instant (ISO, UTC) of a wall-clock time on a chain day, e.g. 2026-12-01 23:59:59 in Shanghai. */
export function chainInstant(day: string, time: string): string {
  const asUtc = new Date(`${day}T${time}Z`);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: chainTimeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    })
      .formatToParts(asUtc)
      .map((part) => [part.type, part.value]),
  );
  const shown = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}Z`);
  return new Date(asUtc.getTime() - (shown - asUtc.getTime())).toISOString();
}
