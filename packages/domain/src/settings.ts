import { isSupportedCountry } from "libphonenumber-js";
import { z } from "zod";
import { LOCALES, REGIONAL_DEFAULTS, REP_VISIBILITIES } from "./constants.js";
import { nameSchema } from "./names.js";
import { fieldIssue } from "./problems.js";
import { DEFAULT_SCORING } from "./scoring/default-scoring.js";
import { ScoringSettingsSchema } from "./scoring/scoring-settings.js";

export const LocaleSchema = z.enum(LOCALES);
export type Locale = z.infer<typeof LocaleSchema>;

// Listed at the first check, not when the module loads: listing every time zone takes a millisecond or two
// of a cold start, and few requests name a currency or a time zone.
let currencies: Set<string> | undefined;
let timeZones: Set<string> | undefined;
const isCurrency = (code: string) => {
  currencies ??= new Set(Intl.supportedValuesOf("currency"));
  return currencies.has(code);
};
const isTimeZone = (zone: string) => {
  timeZones ??= new Set([...Intl.supportedValuesOf("timeZone"), "UTC"]);
  return timeZones.has(zone);
};

export const CurrencySchema = z.string().refine(isCurrency, fieldIssue("currency-unknown"));

export const TimeZoneSchema = z.string().refine(isTimeZone, fieldIssue("time-zone-unknown"));

export const PhoneRegionSchema = z
  .string()
  .refine((region) => /^[A-Z]{2}$/.test(region) && isSupportedCountry(region), fieldIssue("region-unknown"));

/** Whether reps see every customer of the tenant or only those they own. */
export const RepVisibilitySchema = z.enum(REP_VISIBILITIES);

/**
 * Tenant settings. Later capabilities add their own keys here, each with a
 * default in defaultSettings(), so old tenants read sensibly without a migration.
 */
export const TenantSettingsSchema = z.object({
  companyName: nameSchema(120, "Enter the company name."),
  currency: CurrencySchema,
  timeZone: TimeZoneSchema,
  locale: LocaleSchema,
  phoneRegion: PhoneRegionSchema,
  repVisibility: RepVisibilitySchema,
  /** Whether a rep may hand a customer they own to a colleague (admins and managers always may reassign). */
  repsMayHandOver: z.boolean(),
  /** How the nightly scoring reads the customers: segments, ABC, CLV, churn and lifecycle rules. */
  scoring: ScoringSettingsSchema,
});
export type TenantSettings = z.infer<typeof TenantSettingsSchema>;

export const TenantSettingsPatchSchema = TenantSettingsSchema.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, fieldIssue("nothing-to-change"));
export type TenantSettingsPatch = z.infer<typeof TenantSettingsPatchSchema>;

/** What a new tenant starts with: chosen from the language its admin signed up in, and their region if known. */
export function defaultSettings(input: {
  companyName: string;
  locale?: Locale;
  timeZone?: string;
  phoneRegion?: string;
}): TenantSettings {
  const locale = input.locale ?? "en";
  const regional = REGIONAL_DEFAULTS[locale];
  const timeZone =
    input.timeZone && TimeZoneSchema.safeParse(input.timeZone).success ? input.timeZone : regional.timeZone;
  const phoneRegion =
    input.phoneRegion && PhoneRegionSchema.safeParse(input.phoneRegion).success
      ? input.phoneRegion
      : regional.phoneRegion;
  return {
    companyName: input.companyName,
    locale,
    ...regional,
    timeZone,
    phoneRegion,
    repVisibility: "all",
    repsMayHandOver: false,
    scoring: DEFAULT_SCORING,
  };
}

const LANGUAGE_LOCALES: Record<string, Locale> = { zh: "zh-CN", en: "en" };

/** The language tags of an Accept-Language header, most wanted first ("*" and q=0 left out). */
function acceptedTags(header: string): Intl.Locale[] {
  const tags: Array<{ tag: Intl.Locale; q: number }> = [];
  for (const part of header.split(",")) {
    const [range = "", ...params] = part.trim().split(";");
    const qParam = params.map((param) => param.trim()).find((param) => param.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (range === "*" || !(q > 0)) continue;
    try {
      tags.push({ tag: new Intl.Locale(range), q });
    } catch {
      // Not a language tag: ignored, as a browser would.
    }
  }
  return tags.sort((a, b) => b.q - a.q).map(({ tag }) => tag);
}

/**
 * The language and phone region a company signing up starts in: what the
 * signup says (locale, region); else what the signer's browser asks for
 * (Accept-Language: zh → zh-CN; en-GB → phone region GB, a region counting
 * only in the tenant's language); else English, and each language's usual
 * region (zh-CN → CN, en → US).
 */
export function signupRegional(
  input: { locale?: Locale; region?: string },
  acceptLanguage = "",
): { locale: Locale; phoneRegion: string } {
  const tags = acceptedTags(acceptLanguage);
  const locale =
    input.locale ??
    tags.map((tag) => LANGUAGE_LOCALES[tag.language]).find((found) => found !== undefined) ??
    "en";
  const language = locale.split("-")[0];
  const askedRegion = tags
    .filter((tag) => tag.language === language)
    .map((tag) => tag.region)
    .find((region) => region !== undefined && PhoneRegionSchema.safeParse(region).success);
  return { locale, phoneRegion: input.region ?? askedRegion ?? REGIONAL_DEFAULTS[locale].phoneRegion };
}
