/**
 * The one parser for numbers typed by a person (points, money). It never rewrites what was typed:
 * anything that is not valid is refused with a sentence saying why, so "12.5" points or "-5" yuan
 * are questions back to the cashier, not 125 points or ¥5.
 */
export type ParsedNumber = { ok: true; value: number } | { ok: false; message: string };

/** The largest values the BFF accepts (shared-types FenSchema, PointsSchema). */
const MAX_FEN = 100_000_000_00;
const MAX_POINTS = 1_000_000_000;

/** Full-width digits and dots (Chinese input methods) read as their ASCII twins. */
function normalise(text: string): string {
  return text
    .trim()
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0))
    .replace(/[．。]/g, '.')
    .replace(/[－]/g, '-');
}

const fail = (message: string): ParsedNumber => ({ ok: false, message });

function commonRefusal(text: string, label: string): ParsedNumber | null {
  if (!text) return fail(`请输入${label}。`);
  if (/^-/.test(text) && /^-\s*[\d.]+$/.test(text)) return fail(`${label}不能为负数。`);
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(text)) return fail(`${label}只能填数字。`);
  return null;
}

/** Points: whole, non-negative numbers. */
export function parsePointsText(raw: string, label = '积分'): ParsedNumber {
  const text = normalise(raw);
  const refused = commonRefusal(text, label);
  if (refused) return refused;
  if (text.includes('.')) return fail(`${label}须为整数，不能有小数。`);
  const value = Number(text);
  if (value > MAX_POINTS) return fail(`${label}超出上限。`);
  return { ok: true, value };
}

/** Money typed in yuan, to integer fen: non-negative, at most two decimals. */
export function parseMoneyText(raw: string, label = '金额'): ParsedNumber {
  const text = normalise(raw);
  const refused = commonRefusal(text, label);
  if (refused) return refused;
  const [whole = '', decimals = ''] = text.split('.');
  if (decimals.length > 2) return fail(`${label}最多两位小数（精确到分）。`);
  const fen = Number(whole || '0') * 100 + Number(decimals.padEnd(2, '0'));
  if (fen > MAX_FEN) return fail(`${label}超出上限。`);
  return { ok: true, value: fen };
}

/**
 * The Input type for a number field: WeChat's numeric keypads on weapp ("number" has no dot,
 * "digit" has one). In a browser Taro's number inputs silently drop any key that is not a digit
 * (turning "12.5" into "125"), so H5 takes plain text and lets the parser explain.
 */
export function numberInputType(kind: 'points' | 'money'): 'number' | 'digit' | 'text' {
  if (process.env.TARO_ENV !== 'weapp') return 'text';
  return kind === 'points' ? 'number' : 'digit';
}
