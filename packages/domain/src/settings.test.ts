import { describe, expect, it } from "vitest";
import { DEFAULT_SCORING } from "./scoring/scoring-settings.js";
import {
  defaultSettings,
  readSettings,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
} from "./settings.js";

describe("tenant settings", () => {
  it("starts a Chinese-speaking tenant in yuan, Shanghai time and CN phone numbers", () => {
    expect(defaultSettings({ companyName: "星河", locale: "zh-CN" })).toEqual({
      companyName: "星河",
      locale: "zh-CN",
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      phoneRegion: "CN",
      repVisibility: "all",
      scoring: DEFAULT_SCORING,
    });
  });

  it("takes the signer's time zone when it is a real one, and ignores it otherwise", () => {
    expect(defaultSettings({ companyName: "A", locale: "en", timeZone: "Europe/Berlin" }).timeZone).toBe(
      "Europe/Berlin",
    );
    expect(defaultSettings({ companyName: "A", locale: "en", timeZone: "Nowhere/Else" }).timeZone).toBe(
      "UTC",
    );
  });

  it("fills settings added after a tenant was created with their defaults", () => {
    const stored = { companyName: "Old Co", locale: "zh-CN" as const, currency: "HKD" };
    expect(readSettings(stored)).toMatchObject({
      companyName: "Old Co",
      currency: "HKD",
      repVisibility: "all",
      phoneRegion: "CN",
      scoring: DEFAULT_SCORING,
    });
  });

  it("accepts real codes and refuses made-up ones", () => {
    const good = defaultSettings({ companyName: "A" });
    expect(TenantSettingsSchema.safeParse(good).success).toBe(true);
    for (const bad of [
      { currency: "ABC" },
      { timeZone: "Mars/Base" },
      { phoneRegion: "XX" },
      { phoneRegion: "cn" },
      { locale: "de" },
    ]) {
      expect(TenantSettingsSchema.safeParse({ ...good, ...bad }).success, JSON.stringify(bad)).toBe(false);
    }
  });

  it("refuses an empty patch and unknown keys", () => {
    expect(TenantSettingsPatchSchema.safeParse({}).success).toBe(false);
    expect(TenantSettingsPatchSchema.safeParse({ currency: "EUR", color: "red" }).success).toBe(false);
    expect(TenantSettingsPatchSchema.safeParse({ currency: "EUR" }).success).toBe(true);
  });
});
