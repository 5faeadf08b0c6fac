import { describe, expect, it } from "vitest";
import { DEFAULT_SCORING } from "./scoring/default-scoring.js";
import {
  defaultSettings,
  signupRegional,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
} from "./settings.js";
import { readSettings } from "./stored-settings.js";

describe("tenant settings", () => {
  it("starts a Chinese-speaking tenant in yuan, Shanghai time and CN phone numbers", () => {
    expect(defaultSettings({ companyName: "星河", locale: "zh-CN" })).toEqual({
      companyName: "星河",
      locale: "zh-CN",
      currency: "CNY",
      timeZone: "Asia/Shanghai",
      phoneRegion: "CN",
      repVisibility: "all",
      repsMayHandOver: false,
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
      repsMayHandOver: false,
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

describe("the language and phone region a signup starts in", () => {
  it("takes what the signup names", () => {
    expect(signupRegional({ locale: "en", region: "CN" }, "de-DE")).toEqual({
      locale: "en",
      phoneRegion: "CN",
    });
    expect(signupRegional({ locale: "zh-CN" })).toEqual({ locale: "zh-CN", phoneRegion: "CN" });
  });

  it("reads Chinese from Accept-Language as zh-CN with CN phone numbers", () => {
    expect(signupRegional({}, "zh")).toEqual({ locale: "zh-CN", phoneRegion: "CN" });
    expect(signupRegional({}, "zh-CN,zh;q=0.9,en;q=0.8")).toEqual({ locale: "zh-CN", phoneRegion: "CN" });
    expect(signupRegional({}, "zh-Hans")).toEqual({ locale: "zh-CN", phoneRegion: "CN" });
  });

  it("takes the browser's region in the company's language", () => {
    expect(signupRegional({}, "en-GB,en;q=0.9")).toEqual({ locale: "en", phoneRegion: "GB" });
    expect(signupRegional({}, "zh-TW")).toEqual({ locale: "zh-CN", phoneRegion: "TW" });
    expect(signupRegional({ locale: "zh-CN" }, "en-GB")).toEqual({ locale: "zh-CN", phoneRegion: "CN" });
    expect(signupRegional({ region: "SG" }, "zh-CN")).toEqual({ locale: "zh-CN", phoneRegion: "SG" });
  });

  it("follows the q-values and skips languages it does not speak", () => {
    expect(signupRegional({}, "en-US;q=0.5, zh-CN;q=0.8")).toEqual({ locale: "zh-CN", phoneRegion: "CN" });
    expect(signupRegional({}, "de-DE, en-AU;q=0.7")).toEqual({ locale: "en", phoneRegion: "AU" });
    expect(signupRegional({}, "zh;q=0, en")).toEqual({ locale: "en", phoneRegion: "US" });
  });

  it("falls back to English and US on nothing or nonsense", () => {
    expect(signupRegional({})).toEqual({ locale: "en", phoneRegion: "US" });
    expect(signupRegional({}, "*, !!, en-ZZ")).toEqual({ locale: "en", phoneRegion: "US" });
  });
});

describe("default settings", () => {
  it("start with the phone region given when it is a real one", () => {
    expect(defaultSettings({ companyName: "A", locale: "en", phoneRegion: "CN" }).phoneRegion).toBe("CN");
    expect(defaultSettings({ companyName: "A", locale: "en", phoneRegion: "XX" }).phoneRegion).toBe("US");
  });
});
