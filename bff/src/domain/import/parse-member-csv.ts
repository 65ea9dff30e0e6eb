/**
 * The legacy POS export format, one member per line after the header:
 *   phone,name,points,storedValueFen,registeredAt,tier
 * Fields may be double-quoted ("" inside quotes is a quote). points and storedValueFen are
 * non-negative integers (empty = 0); registeredAt is an ISO date or empty; tier is one of
 * basic|silver|gold|diamond or empty (= basic).
 */
export const MEMBER_CSV_HEADER = ['phone', 'name', 'points', 'storedValueFen', 'registeredAt', 'tier'];

export interface CsvRecord {
  /** 1-based line number in the file, header included, for the report. */
  line: number;
  fields: string[];
}

export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        current += '"';
        i++;
      } else if (char === '"') quoted = false;
      else current += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(current);
      current = '';
    } else current += char;
  }
  fields.push(current);
  return fields.map((field) => field.trim());
}

/** Splits the file into records; throws when the header is not the documented one. */
export function parseMemberCsv(text: string): CsvRecord[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '');
  if (header.join(',') !== MEMBER_CSV_HEADER.join(',')) {
    throw new Error(`the header must be: ${MEMBER_CSV_HEADER.join(',')}`);
  }
  const records: CsvRecord[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    records.push({ line: i + 1, fields: splitCsvLine(lines[i]) });
  }
  return records;
}

export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
