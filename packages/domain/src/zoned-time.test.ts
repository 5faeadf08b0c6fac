import { describe, expect, it } from "vitest";
import { parseSpreadsheetTime } from "./imports/dates.js";
import {
  formatCalendarDate,
  formatInstant,
  instantToWallTime,
  instantToZonedIso,
  timeZoneName,
  timeZoneOffset,
  wallTimeToInstant,
} from "./zoned-time.js";

describe("wall-clock times of a company's time zone", () => {
  it("turn a time typed in Shanghai into its UTC instant and back", () => {
    expect(wallTimeToInstant("2026-11-28T11:32", "Asia/Shanghai")).toBe("2026-11-28T03:32:00.000Z");
    expect(instantToWallTime("2026-11-28T03:32:00Z", "Asia/Shanghai")).toBe("2026-11-28T11:32");
    // Past midnight there is the day before in UTC.
    expect(wallTimeToInstant("2026-01-01T06:00", "Asia/Shanghai")).toBe("2025-12-31T22:00:00.000Z");
    expect(wallTimeToInstant("2026-11-28T11:32", "UTC")).toBe("2026-11-28T11:32:00.000Z");
    expect(wallTimeToInstant("2026-11-28T11:32:15", "UTC")).toBe("2026-11-28T11:32:15.000Z");
  });

  it("follow New York's daylight saving time on either side of the change", () => {
    expect(wallTimeToInstant("2026-01-15T09:00", "America/New_York")).toBe("2026-01-15T14:00:00.000Z");
    expect(wallTimeToInstant("2026-07-15T09:00", "America/New_York")).toBe("2026-07-15T13:00:00.000Z");
    expect(instantToWallTime("2026-07-15T13:00:00Z", "America/New_York")).toBe("2026-07-15T09:00");
    expect(instantToWallTime("2026-01-15T14:00:00Z", "America/New_York")).toBe("2026-01-15T09:00");
  });

  it("read a time skipped in spring as the clock reads it after the change, and a repeated one as its first", () => {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT: 02:30 never shows; it means 03:30 EDT.
    expect(wallTimeToInstant("2026-03-08T02:30", "America/New_York")).toBe("2026-03-08T07:30:00.000Z");
    expect(instantToWallTime("2026-03-08T07:30:00Z", "America/New_York")).toBe("2026-03-08T03:30");
    expect(wallTimeToInstant("2026-03-08T01:59", "America/New_York")).toBe("2026-03-08T06:59:00.000Z");
    expect(wallTimeToInstant("2026-03-08T03:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
    // 2026-11-01 01:30 happens twice (EDT, then EST): the first.
    expect(wallTimeToInstant("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(wallTimeToInstant("2026-11-01T02:30", "America/New_York")).toBe("2026-11-01T07:30:00.000Z");
    // Lord Howe springs forward by half an hour, 02:00 (+10:30) to 02:30 (+11): 02:15 reads as 02:45.
    expect(wallTimeToInstant("2026-10-04T02:15", "Australia/Lord_Howe")).toBe("2026-10-03T15:45:00.000Z");
    expect(instantToWallTime("2026-10-03T15:45:00Z", "Australia/Lord_Howe")).toBe("2026-10-04T02:45");
  });

  it("write an instant as ISO 8601 on the zone's clock with its offset, which reads back as the same instant", () => {
    // Past midnight in Shanghai: the company's day (6 November), not UTC's.
    expect(instantToZonedIso("2026-11-05T16:58:00.000Z", "Asia/Shanghai")).toBe("2026-11-06T00:58:00+08:00");
    expect(instantToZonedIso("2026-07-01T12:00:00.123Z", "America/New_York")).toBe(
      "2026-07-01T08:00:00.123-04:00",
    );
    expect(instantToZonedIso("2026-01-01T00:00:00Z", "Asia/Kolkata")).toBe("2026-01-01T05:30:00+05:30");
    expect(instantToZonedIso("2026-01-01T00:00:00Z", "UTC")).toBe("2026-01-01T00:00:00+00:00");
    for (const zone of ["Asia/Shanghai", "America/New_York", "UTC"])
      expect(parseSpreadsheetTime(instantToZonedIso("2026-11-05T16:58:00.000Z", zone), "UTC")).toBe(
        "2026-11-05T16:58:00.000Z",
      );
  });

  it("refuse text that is no time", () => {
    for (const text of ["", "2026-02-30T10:00", "2026-11-28 11:32", "2026-11-28T24:00", "yesterday"])
      expect(wallTimeToInstant(text, "Asia/Shanghai"), text).toBeUndefined();
  });
});

describe("dates and times shown to a reader", () => {
  it("show a calendar date in the reader's locale, whatever the zone", () => {
    expect(formatCalendarDate("1990-05-17", "zh-CN")).toBe("1990年5月17日");
    expect(formatCalendarDate("1990-05-17", "en")).toBe("May 17, 1990");
    expect(formatCalendarDate("not a date", "en")).toBe("not a date");
  });

  it("show an instant on the company's clock", () => {
    expect(
      formatInstant("2026-11-28T03:32:00Z", { locale: "zh-CN", timeZone: "Asia/Shanghai", time: true }),
    ).toBe("2026年11月28日 11:32");
    expect(formatInstant("2026-11-28T03:32:00Z", { locale: "en", timeZone: "America/New_York" })).toBe(
      "Nov 27, 2026",
    );
  });

  it("name a time zone and its offset", () => {
    expect(timeZoneName("Asia/Shanghai", "zh-CN")).toBe("中国标准时间");
    expect(timeZoneName("America/New_York", "en")).toBe("Eastern Time");
    expect(timeZoneOffset("Asia/Shanghai")).toBe("GMT+8");
    expect(timeZoneOffset("America/New_York", Date.parse("2026-07-01T00:00:00Z"))).toBe("GMT-4");
    expect(timeZoneOffset("Asia/Kolkata")).toBe("GMT+5:30");
    expect(timeZoneOffset("UTC")).toBe("GMT");
  });
});
