import { describe, expect, it } from "vitest";
import { dayBounds, localDate } from "./calendar.js";

describe("calendars in time zones", () => {
  it("read the local date of an instant", () => {
    expect(localDate("2026-01-01T16:30:00Z", "Asia/Shanghai")).toBe("2026-01-02");
    expect(localDate("2026-01-01T16:30:00Z", "America/New_York")).toBe("2026-01-01");
  });

  it("bound a local day by its first and last millisecond, clock changes included", () => {
    expect(dayBounds("2026-03-01", "Asia/Shanghai")).toEqual({
      start: "2026-02-28T16:00:00.000Z",
      end: "2026-03-01T15:59:59.999Z",
    });
    // Berlin springs forward on 2026-03-29: a day of 23 hours.
    expect(dayBounds("2026-03-29", "Europe/Berlin")).toEqual({
      start: "2026-03-28T23:00:00.000Z",
      end: "2026-03-29T21:59:59.999Z",
    });
    // And falls back on 2026-10-25: 25 hours.
    expect(dayBounds("2026-10-25", "Europe/Berlin")).toEqual({
      start: "2026-10-24T22:00:00.000Z",
      end: "2026-10-25T22:59:59.999Z",
    });
  });
});
