/**
 * Value rules of subscribe-message template fields, keyed by the field's kind (the key without its
 * number: `thing1` → `thing`). Returns the reason a value is refused, or undefined when it passes.
 */
const timePattern =
  /^(\d{4}年\d{1,2}月\d{1,2}日 ?|\d{4}-\d{1,2}-\d{1,2} |\d{4}\/\d{1,2}\/\d{1,2} )?\d{1,2}:\d{2}(:\d{2})?$/;
const datePattern =
  /^(\d{4}年\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}-\d{1,2}|\d{4}\/\d{1,2}\/\d{1,2})( \d{1,2}:\d{2}(:\d{2})?)?$/;

const rules: Record<string, (value: string) => string | undefined> = {
  thing: (value) => (Array.from(value).length <= 20 ? undefined : 'exceeds 20 characters'),
  number: (value) => (/^\d+(\.\d+)?$/.test(value) && value.length <= 32 ? undefined : 'must be at most 32 digits'),
  letter: (value) => (/^[A-Za-z]{1,32}$/.test(value) ? undefined : 'must be at most 32 letters'),
  symbol: (value) => (Array.from(value).length <= 5 ? undefined : 'exceeds 5 symbols'),
  character_string: (value) =>
    /^[\x21-\x7e]{1,32}$/.test(value) ? undefined : 'must be at most 32 digits, letters or symbols',
  time: (value) => (timePattern.test(value) ? undefined : 'is not a time like 2026年11月23日 15:01'),
  date: (value) => (datePattern.test(value) ? undefined : 'is not a date like 2026年11月23日'),
  amount: (value) => (/^[¥￥]?\d+(\.\d{1,2})?元?$/.test(value) ? undefined : 'is not an amount like 12.50元'),
  phone_number: (value) => (/^[\d+\- ]{1,17}$/.test(value) ? undefined : 'is not a phone number'),
  car_number: (value) => (Array.from(value).length <= 8 ? undefined : 'exceeds 8 characters'),
  name: (value) => (Array.from(value).length <= 10 ? undefined : 'exceeds 10 characters'),
  phrase: (value) => (/^[\u4e00-\u9fa5]{1,5}$/.test(value) ? undefined : 'must be at most 5 Chinese characters'),
};

/** Returns an errmsg for 47003 naming the first bad field, or undefined when all pass. */
export function findInvalidField(data: unknown): string | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'argument invalid! data is empty';
  const entries = Object.entries(data as Record<string, unknown>);
  if (entries.length === 0) return 'argument invalid! data is empty';
  for (const [key, field] of entries) {
    const kind = /^([a-z_]+?)\d+$/.exec(key)?.[1];
    const rule = kind ? rules[kind] : undefined;
    if (!rule) return `argument invalid! data.${key} is not a field of the template`;
    const value = (field as { value?: unknown } | null)?.value;
    if (typeof value !== 'string' || value.length === 0) return `argument invalid! data.${key}.value is empty`;
    const reason = rule(value);
    if (reason) return `argument invalid! data.${key}.value ${reason}`;
  }
  return undefined;
}
