import { describe, expect, it } from "vitest";
import { formatPhone, normalizePhone, phoneRegions } from "./phone.js";
import { PhoneRegionSchema } from "./settings.js";

describe("phones shown to a reader", () => {
  it("show a number of the tenant's region in national format", () => {
    expect(formatPhone("+8613812345678", "CN")).toBe("138 1234 5678");
    expect(formatPhone("+14155550100", "US")).toBe("(415) 555-0100");
  });

  it("show a foreign number in international format", () => {
    expect(formatPhone("+14155550100", "CN")).toBe("+1 415 555 0100");
    expect(formatPhone("+8613812345678", "US")).toBe("+86 138 1234 5678");
  });

  it("read back what it shows", () => {
    expect(normalizePhone(formatPhone("+8613812345678", "CN"), "CN")).toBe("+8613812345678");
  });

  it("show what it cannot read as it is", () => {
    expect(formatPhone("12", "CN")).toBe("12");
  });
});

describe("regions a tenant's phones default to", () => {
  it("are those the settings take, each with its calling code", () => {
    const regions = phoneRegions();
    expect(regions).toContainEqual({ region: "CN", callingCode: "86" });
    expect(regions).toContainEqual({ region: "US", callingCode: "1" });
    expect(regions.every(({ region }) => PhoneRegionSchema.safeParse(region).success)).toBe(true);
  });
});
