import { instantOf } from "../calendar.js";

const LOCAL = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A time as spreadsheets write it, to an ISO instant: ISO 8601 with an offset
 * as given; a local date or date and time ("2026/3/1", "2026-03-01 14:30",
 * "2026年3月1日") in the tenant's time zone. Undefined when it is not a time.
 */
export function parseSpreadsheetTime(text: string, timeZone: string): string | undefined {
  const value = text.trim();
  if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(value) && /^\d{4}-\d{2}-\d{2}T/.test(value)) {
    const at = Date.parse(value);
    return Number.isNaN(at) ? undefined : new Date(at).toISOString();
  }
  const match = LOCAL.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0));
  const guess = Date.UTC(year ?? 0, (month ?? 1) - 1, day, hour, minute, second);
  const check = new Date(guess);
  if (check.getUTCMonth() !== (month ?? 1) - 1 || check.getUTCDate() !== day || (hour ?? 0) > 23)
    return undefined;
  return new Date(instantOf(guess, timeZone)).toISOString();
}

/** A date as spreadsheets write it (2026/3/1, 2026年3月1日), as YYYY-MM-DD; undefined when it is not one. */
export function parseSpreadsheetDate(text: string): string | undefined {
  const match = LOCAL.exec(text.trim());
  if (!match || match[4] !== undefined) return undefined;
  const [year, month, day] = match.slice(1, 4).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1) return undefined;
  return check.toISOString().slice(0, 10);
}
