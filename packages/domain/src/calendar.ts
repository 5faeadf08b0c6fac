/**
 * Calendars in time zones, with one cached Intl formatter per zone: the
 * company's local dates and hours (purchase days, the nightly hour) and the
 * instants of local times (spreadsheet dates, a day's bounds).
 */
type ZoneParts = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formats = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock reading in a time zone at an instant. */
export function zoneParts(timeZone: string, at: number | Date): ZoneParts {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((part) => [part.type, Number(part.value)]));
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

const pad = (value: number) => String(value).padStart(2, "0");

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: string | number | Date, timeZone: string): string {
  const { year, month, day } = zoneParts(timeZone, typeof at === "string" ? Date.parse(at) : at);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** Milliseconds a time zone is ahead of UTC at an instant. */
export function offsetAt(timeZone: string, at: number): number {
  const { year, month, day, hour, minute, second } = zoneParts(timeZone, at);
  return Date.UTC(year, month - 1, day, hour, minute, second) - Math.floor(at / 1000) * 1000;
}

/** The instant (epoch ms) of a wall-clock time in a time zone, given as UTC fields. */
export function instantOf(wallClock: number, timeZone: string): number {
  // Twice: the offset at the guess may differ from the offset at the answer around a clock change.
  const first = wallClock - offsetAt(timeZone, wallClock);
  return wallClock - offsetAt(timeZone, first);
}

/** The instants a local day spans, as ISO strings: its first and its last millisecond. */
export function dayBounds(day: string, timeZone: string): { start: string; end: string } {
  const midnight = Date.parse(`${day}T00:00:00Z`);
  return {
    start: new Date(instantOf(midnight, timeZone)).toISOString(),
    end: new Date(instantOf(midnight + 86_400_000, timeZone) - 1).toISOString(),
  };
}
