import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { LOCALES, REP_VISIBILITIES } from "./constants.js";
import { DEFAULT_SCORING, ScoringSettingsSchema } from "./scoring/scoring-settings.js";

export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

const currencies = new Set(Intl.supportedValuesOf("currency"));
const timeZones = new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);

export const CurrencySchema = z
  .string()
  .refine((code) => currencies.has(code), "Use an ISO 4217 currency code such as CNY or USD.");

export const TimeZoneSchema = z
  .string()
  .refine((zone) => timeZones.has(zone), "Use an IANA time zone such as Asia/Shanghai.");

export const PhoneRegionSchema = z
  .string()
  .refine(
    (region) => /^[A-Z]{2}$/.test(region) && isSupportedCountry(region),
    "Use a two-letter region code such as CN or US.",
  );

/** Whether reps see every customer of the tenant or only those they own. */
export const RepVisibilitySchema = z.enum(REP_VISIBILITIES);

/**
 * Tenant settings. Later capabilities add their own keys here, each with a
 * default in defaultSettings(), so old tenants read sensibly without a migration.
 */
export const TenantSettingsSchema = z.object({
  companyName: z.string().trim().min(1, "Enter the company name.").max(120),
  currency: CurrencySchema,
  timeZone: TimeZoneSchema,
  locale: LocaleSchema,
  phoneRegion: PhoneRegionSchema,
  repVisibility: RepVisibilitySchema,
  /** How the nightly scoring reads the customers: segments, ABC, CLV, churn and lifecycle rules. */
  scoring: ScoringSettingsSchema,
});
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const TenantSettingsPatchSchema = TenantSettingsSchema.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, "Change at least one setting.");
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatchSchema>;

const REGIONAL_DEFAULTS: Record<Locale, Pick<TenantSettings, "currency" | "timeZone" | "phoneRegion">> = {
  "zh-CN": { currency: "CNY", timeZone: "Asia/Shanghai", phoneRegion: "CN" },
  en: { currency: "USD", timeZone: "UTC", phoneRegion: "US" },
};

/** What a new tenant starts with: chosen from the language its admin signed up in. */
export function defaultSettings(input: {
  companyName: string;
  locale?: Locale;
  timeZone?: string;
}): TenantSettings {
  const locale = input.locale ?? "en";
  const regional = REGIONAL_DEFAULTS[locale];
  const timeZone =
    input.timeZone && TimeZoneSchema.safeParse(input.timeZone).success ? input.timeZone : regional.timeZone;
  return {
    companyName: input.companyName,
    locale,
    ...regional,
    timeZone,
    repVisibility: "all",
    scoring: DEFAULT_SCORING,
  };
}

/** Reads stored settings, filling keys added after the tenant was created with their defaults. */
export function readSettings(stored: Partial<TenantSettings> & { companyName: string }): TenantSettings {
  return { ...defaultSettings({ companyName: stored.companyName, locale: stored.locale }), ...stored };
}
