import { describe, expect, it } from "vitest";
import { localTime, NIGHT_HOUR, tenantsAtNight } from "./night.js";

const ZONES = [
  "Asia/Shanghai",
  "America/New_York",
  "Europe/Berlin",
  "Asia/Kolkata",
  "Australia/Sydney",
  "UTC",
];

describe("a tenant's night", () => {
  it("is 03:00 in the tenant's own time zone", () => {
    const at = new Date("2026-11-22T19:00:00Z");
    const picked = tenantsAtNight(
      ZONES.map((timeZone) => ({ timeZone })),
      at,
    );
    expect(picked).toEqual([{ timeZone: "Asia/Shanghai", date: "2026-11-23" }]);
    expect(localTime("Asia/Kolkata", new Date("2026-11-22T21:30:00Z"))).toEqual({
      date: "2026-11-23",
      hour: 3,
    });
  });

  it.each(ZONES)(
    "comes at least once for every local date of a year with clock changes in %s",
    (timeZone) => {
      const nights = new Map<string, number>();
      const start = Date.parse("2026-01-01T00:00:00Z");
      for (let tick = start; tick < Date.parse("2027-01-01T00:00:00Z"); tick += 3_600_000) {
        for (const { date } of tenantsAtNight([{ timeZone }], new Date(tick), NIGHT_HOUR)) {
          nights.set(date, (nights.get(date) ?? 0) + 1);
        }
      }
      const days = [...Array(365).keys()].map((day) =>
        new Date(start + (day + 1) * 86_400_000).toISOString().slice(0, 10),
      );
      const missed = days.filter((date) => !nights.has(date) && date < "2026-12-31");
      expect(missed).toEqual([]);
      // Half-hour zones see 03:xx once; every zone at most twice (the autumn repeat), which the date key absorbs.
      expect(Math.max(...nights.values())).toBeLessThanOrEqual(2);
    },
  );
});
