// Beijing time for the ledgers, whatever the browser's zone: the server stores instants, people
// think in Beijing wall time (a meeting "at 09:00 on 15 October" is 09:00 +08:00).
import dayjs, { type Dayjs } from 'dayjs';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** '2025-10-15T01:00:00.000Z' → '2025-10-15 09:00'. */
export function beijingWall(iso: string): string {
  const shifted = new Date(Date.parse(iso) + BEIJING_OFFSET_MS).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** An instant as a picker value showing its Beijing wall time. */
export function pickerValue(iso: string): Dayjs {
  return dayjs(beijingWall(iso), 'YYYY-MM-DD HH:mm');
}

/** A picked wall time (read as Beijing) → '2025-10-15T09:00:00+08:00'. */
export function beijingInstant(value: Dayjs | string): string {
  const wall = typeof value === 'string' ? dayjs(value) : value;
  return `${wall.format('YYYY-MM-DDTHH:mm')}:00+08:00`;
}

/** A date picker's value as 'YYYY-MM-DD' (dates carry no zone). */
export function isoDay(value: Dayjs | string): string {
  return typeof value === 'string' ? value.slice(0, 10) : value.format('YYYY-MM-DD');
}

/** The current Beijing year, the default of every year filter. */
export function beijingYear(now = Date.now()): number {
  return new Date(now + BEIJING_OFFSET_MS).getUTCFullYear();
}

/** Years a filter offers: from 2020 to next year, newest first. */
export function yearOptions(now = Date.now()): { label: string; value: number }[] {
  const last = beijingYear(now) + 1;
  return Array.from({ length: last - 2019 }, (_, i) => last - i).map((y) => ({
    label: `${y} 年`,
    value: y,
  }));
}
