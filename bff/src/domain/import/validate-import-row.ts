import { normalizePhone } from '../members/phone';
import { isAppError } from '../shared/app-error';
import type { CsvRecord } from './parse-member-csv';

const TIERS = ['basic', 'silver', 'gold', 'diamond'];

export interface ImportRow {
  line: number;
  phone: string;
  name: string | null;
  points: number;
  storedValueFen: number;
  registeredAt: Date | null;
  tier: string;
}

export interface RejectedRow {
  line: number;
  /** The raw phone field, masked when it looks like a number, so the report leaks little. */
  phone: string;
  reason: string;
}

const amount = (value: string) => (value === '' ? 0 : /^\d{1,12}$/.test(value) ? Number(value) : Number.NaN);

/** One CSV record to a row, or the reason it is rejected. */
export function validateImportRow(record: CsvRecord): ImportRow | RejectedRow {
  const [rawPhone = '', name = '', points = '', fen = '', registeredAt = '', tier = ''] = record.fields;
  const reject = (reason: string): RejectedRow => ({ line: record.line, phone: maskRaw(rawPhone), reason });
  if (record.fields.length !== 6) return reject(`expected 6 fields, found ${record.fields.length}`);
  let phone: string;
  try {
    phone = normalizePhone(rawPhone);
  } catch (error) {
    if (isAppError(error)) return reject('invalid phone');
    throw error;
  }
  const row = {
    line: record.line,
    phone,
    name: name === '' ? null : name.slice(0, 100),
    points: amount(points),
    storedValueFen: amount(fen),
    registeredAt: registeredAt === '' ? null : new Date(registeredAt),
    tier: tier === '' ? 'basic' : tier.toLowerCase(),
  };
  if (Number.isNaN(row.points)) return reject('points must be a non-negative integer');
  if (Number.isNaN(row.storedValueFen)) return reject('storedValueFen must be a non-negative integer (fen)');
  if (row.registeredAt && Number.isNaN(row.registeredAt.getTime())) return reject('registeredAt is not a date');
  if (!TIERS.includes(row.tier)) return reject(`tier must be one of ${TIERS.join('|')}`);
  return row;
}

function maskRaw(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : raw.slice(0, 20);
}

export function isRejected(row: ImportRow | RejectedRow): row is RejectedRow {
  return 'reason' in row;
}
