import { offsetAt, zoneParts } from "./calendar.js";

/**
 * Times as people enter and read them: on the wall clock of the company's
 * time zone, whatever the zone of the device in their hand. Stored times stay
 * ISO-8601 UTC.
 */

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** An instant as the wall clock of a time zone reads it: "2026-11-28T11:32", what a datetime-local input holds. */
export function instantToWallTime(at: string | number | Date, timeZone: string): string {
  const { year, month, day, hour, minute } = zoneParts(
    timeZone,
    typeof at === "string" ? Date.parse(at) : at,
  );
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}`;
}

/**
 * An instant as ISO 8601 on the wall clock of a time zone, with its offset:
 * "2026-11-06T00:58:00+08:00" for 2026-11-05T16:58:00Z in Shanghai, so a
 * spreadsheet shows the company's day and time while the text still names
 * the same instant (milliseconds only when it has them). An offset of
 * seconds (local mean time, before 1900) cannot be written so: then UTC.
 */
export function instantToZonedIso(at: string | number | Date, timeZone: string): string {
  const instant = typeof at === "string" ? Date.parse(at) : typeof at === "number" ? at : at.getTime();
  const offset = offsetAt(timeZone, instant);
  if (offset % 60_000 !== 0) return new Date(instant).toISOString();
  const wall = new Date(instant + offset)
    .toISOString()
    .slice(0, 23)
    .replace(/\.000$/, "");
  const minutes = Math.abs(offset) / 60_000;
  return `${wall}${offset < 0 ? "-" : "+"}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const HOUR = 3_600_000;

/** The wall-clock fields as if they were UTC, or undefined when they name no calendar time. */
function wallClockOf(wallTime: string): number | undefined {
  const match = WALL_TIME.exec(wallTime);
  if (!match) return undefined;
  const [year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0] = match
    .slice(1)
    .map((part) => Number(part ?? 0));
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(wall);
  // Date.UTC rolls 2026-02-30 over to March; a time that does not read back is not a time.
  if (
    back.getUTCMonth() !== month - 1 ||
    back.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    return undefined;
  return wall;
}

/**
 * The UTC instant (ISO) of a wall-clock time ("2026-11-28T11:32") in a time
 * zone; undefined when the text is not such a time. Around a clock change it
 * answers as clocks and calendars do: a time that happens twice (autumn) is
 * its first occurrence; a time that never happens (spring) is read with the
 * offset before the change, so 02:30 on the spring-forward night is 03:30.
 */
export function wallTimeToInstant(wallTime: string, timeZone: string): string | undefined {
  const wall = wallClockOf(wallTime);
  if (wall === undefined) return undefined;
  // Offsets a day either side cover every real transition (none is closer than that to another).
  const before = offsetAt(timeZone, wall - 24 * HOUR);
  const after = offsetAt(timeZone, wall + 24 * HOUR);
  const candidates = [...new Set([wall - before, wall - after])]
    .filter((instant) => instant + offsetAt(timeZone, instant) === wall)
    .sort((a, b) => a - b);
  const instant = candidates[0] ?? wall - before;
  return new Date(instant).toISOString();
}

const formats = new Map<string, Intl.DateTimeFormat>();
const formatOf = (locale: string, options: Intl.DateTimeFormatOptions) => {
  const key = `${locale} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, options);
    formats.set(key, format);
  }
  return format;
};

/** An instant in a reader's locale on a time zone's clock: its day ("2026年11月28日") or day and time. */
export function formatInstant(
  at: string | number | Date,
  options: { locale: string; timeZone: string; time?: boolean },
): string {
  const { locale, timeZone, time = false } = options;
  return formatOf(locale, { dateStyle: "medium", ...(time && { timeStyle: "short" }), timeZone }).format(
    typeof at === "string" ? Date.parse(at) : at,
  );
}

/**
 * A calendar date (YYYY-MM-DD: a birthday, a scoring night) in a reader's
 * locale ("1990年5月17日", "May 17, 1990"); a date that is not one is shown as it is.
 */
export function formatCalendarDate(date: string, locale: string): string {
  const wall = /^\d{4}-\d{2}-\d{2}$/.test(date) ? wallClockOf(`${date}T00:00`) : undefined;
  // The date has no zone: read and shown in UTC so that no device's zone moves it.
  return wall === undefined ? date : formatOf(locale, { dateStyle: "medium", timeZone: "UTC" }).format(wall);
}

/** A time zone's name in a reader's language ("中国标准时间", "Eastern Time"); its id when the language has none. */
export function timeZoneName(timeZone: string, locale: string, at: number | Date = Date.now()): string {
  return (
    formatOf(locale, { timeZone, timeZoneName: "longGeneric" })
      .formatToParts(at)
      .find((part) => part.type === "timeZoneName")?.value ?? timeZone
  );
}

/** A time zone's offset from UTC at an instant, as "GMT+8" or "GMT-4:30"; "GMT" for UTC itself. */
export function timeZoneOffset(timeZone: string, at: number | Date = Date.now()): string {
  const minutes = Math.round(offsetAt(timeZone, typeof at === "number" ? at : at.getTime()) / 60_000);
  if (minutes === 0) return "GMT";
  const sign = minutes > 0 ? "+" : "-";
  const hours = Math.floor(Math.abs(minutes) / 60);
  const rest = Math.abs(minutes) % 60;
  return `GMT${sign}${hours}${rest ? `:${pad(rest)}` : ""}`;
}
