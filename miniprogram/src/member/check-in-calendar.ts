/** One cell of the month grid: blank before the 1st, else the day and whether it was checked in. */
export interface CalendarCell {
  key: string;
  day: number | null;
  date: string | null;
  checked: boolean;
  today: boolean;
}

/** A Monday-first grid for `month` (YYYY-MM), marking the checked-in dates. */
export function monthGrid(month: string, checkedDates: readonly string[], today: string): CalendarCell[] {
  const [year, monthNo] = month.split('-').map(Number);
  const first = new Date(Date.UTC(year, monthNo - 1, 1));
  const days = new Date(Date.UTC(year, monthNo, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7;
  const checked = new Set(checkedDates);
  const cells: CalendarCell[] = [];
  for (let i = 0; i < lead; i++) cells.push({ key: `blank-${i}`, day: null, date: null, checked: false, today: false });
  for (let day = 1; day <= days; day++) {
    const date = `${month}-${String(day).padStart(2, '0')}`;
    cells.push({ key: date, day, date, checked: checked.has(date), today: date === today });
  }
  return cells;
}

/** The month before or after `month` (YYYY-MM). */
export function shiftMonth(month: string, by: number): string {
  const [year, monthNo] = month.split('-').map(Number);
  const at = new Date(Date.UTC(year, monthNo - 1 + by, 1));
  return at.toISOString().slice(0, 7);
}

export const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];
