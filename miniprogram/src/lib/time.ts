/**
 * Times are shown in Asia/Shanghai. China has had no daylight saving time since 1991, so a fixed
 * +08:00 offset is exact and avoids relying on Intl time-zone data, which some weapp engines lack.
 */
const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;

function shanghaiParts(input: string | number | Date) {
  const ms = typeof input === 'number' ? input : new Date(input).getTime();
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}

/** "2026-11-23 15:01" in Shanghai time. */
export function formatShanghaiDateTime(input: string | number | Date): string {
  const { date, time } = shanghaiParts(input);
  return `${date} ${time}`;
}

/** "2026-11-23": the calendar day in Shanghai (what `?date=` of the store's list means). */
export function shanghaiDate(input: string | number | Date): string {
  return shanghaiParts(input).date;
}

export function formatShanghaiTime(input: string | number | Date): string {
  return shanghaiParts(input).time;
}
