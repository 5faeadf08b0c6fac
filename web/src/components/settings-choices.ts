import { phoneRegions } from "@crm/domain/phone";
import { timeZoneName, timeZoneOffset } from "@crm/domain/zoned-time";
import { useMemo } from "react";
import type { Lang } from "../i18n";
import type { PickerOption } from "./picker";

/** What companies writing in each language mostly use, most likely first. */
const LIKELY_CURRENCIES: Record<Lang, string[]> = {
  "zh-CN": ["CNY", "HKD", "TWD", "MOP", "USD", "EUR", "JPY", "SGD"],
  en: ["USD", "EUR", "GBP", "CAD", "AUD", "CNY", "JPY", "INR"],
};
const LIKELY_ZONES: Record<Lang, string[]> = {
  "zh-CN": [
    "Asia/Shanghai",
    "Asia/Hong_Kong",
    "Asia/Taipei",
    "Asia/Macau",
    "Asia/Singapore",
    "Asia/Tokyo",
    "UTC",
  ],
  en: [
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Shanghai",
    "UTC",
  ],
};
/** Intl names zones, not their cities in Chinese: the cities people type for the likely ones. */
const ZONE_CITIES_ZH: Record<string, string> = {
  "Asia/Shanghai": "上海 北京 中国",
  "Asia/Hong_Kong": "香港",
  "Asia/Taipei": "台北 台湾",
  "Asia/Macau": "澳门",
  "Asia/Singapore": "新加坡",
  "Asia/Tokyo": "东京 日本",
  "Asia/Seoul": "首尔 韩国",
  "America/New_York": "纽约",
  "America/Chicago": "芝加哥",
  "America/Los_Angeles": "洛杉矶",
  "Europe/London": "伦敦 英国",
  "Europe/Paris": "巴黎 法国",
  "Europe/Berlin": "柏林 德国",
  "Australia/Sydney": "悉尼 澳大利亚",
};

/** The device's zone: before the company is known (sign-in pages), and a likely choice. */
export const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

const zoneNameParts = new Map<string, Intl.DateTimeFormat>();
/** One of Intl's names of a zone ("longGeneric": 中国标准时间; "long"; "shortGeneric": 纽约时间), or undefined. */
function intlZoneName(
  zone: string,
  lang: string,
  style: "long" | "longGeneric" | "shortGeneric",
  at: number,
) {
  const key = `${lang} ${style} ${zone}`;
  let format = zoneNameParts.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(lang, { timeZone: zone, timeZoneName: style });
    zoneNameParts.set(key, format);
  }
  return format.formatToParts(at).find((part) => part.type === "timeZoneName")?.value;
}

/** Only an offset ("GMT+08:00"): no name. */
const isOffset = (name: string | undefined) => !name || /^(GMT|UTC)([+-−]|$)/.test(name);

/**
 * A city of a zone in the reader's language: 上海 for Asia/Shanghai (the
 * cities people type in Chinese, else the place Intl names it by: 底特律),
 * the city of its id in English (New York); undefined for UTC and Etc zones.
 */
function zoneCity(zone: string, lang: string, at: number): string | undefined {
  if (!zone.includes("/") || zone.startsWith("Etc/")) return undefined;
  const fromId = zone.slice(zone.lastIndexOf("/") + 1).replaceAll("_", " ");
  if (lang !== "zh-CN") return fromId;
  const known = ZONE_CITIES_ZH[zone]?.split(" ")[0];
  if (known) return known;
  const place = intlZoneName(zone, lang, "shortGeneric", at)?.replace(/时间$/, "");
  return place && !isOffset(place) ? place : fromId;
}

/**
 * A zone as people know it, in the reader's language: its name and a city
 * of it ("中国标准时间 · 上海", "Eastern Time · New York"), the city alone
 * when the name holds it (乌鲁木齐时间); its id when Intl has neither.
 */
export function timeZoneLabel(zone: string, lang: string, at: number = Date.now()): string {
  const generic = timeZoneName(zone, lang, at);
  const long = intlZoneName(zone, lang, "long", at);
  const name = !isOffset(generic) ? generic : !isOffset(long) ? long : undefined;
  const city = zoneCity(zone, lang, at);
  if (!name) return city ?? zone;
  return city && !name.includes(city) ? `${name} · ${city}` : name;
}

/** Every currency Intl knows, by code, the reader's name for it and its symbol; the likely ones for the language first. */
export function useCurrencyChoices(lang: Lang): { options: PickerOption[]; likely: string[] } {
  return useMemo(() => {
    const names = new Intl.DisplayNames([lang], { type: "currency" });
    const symbol = (code: string) =>
      new Intl.NumberFormat(lang, { style: "currency", currency: code, currencyDisplay: "narrowSymbol" })
        .formatToParts(0)
        .find((part) => part.type === "currency")?.value;
    const options = Intl.supportedValuesOf("currency").map((code) => {
      const name = names.of(code);
      const sign = symbol(code);
      return {
        value: code,
        label: code,
        detail: [name !== code && name, sign !== code && sign].filter(Boolean).join(" · "),
      };
    });
    return { options, likely: LIKELY_CURRENCIES[lang] };
  }, [lang]);
}

/** Every IANA zone with the reader's name for it and its offset now; the device's and the language's likely ones first. */
export function useTimeZoneChoices(lang: Lang): { options: PickerOption[]; likely: string[] } {
  return useMemo(() => {
    const now = Date.now();
    const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
    // The reader's name for it first; its id (what the API and other apps show) and offset below.
    const options = zones.map((zone) => ({
      value: zone,
      label: timeZoneLabel(zone, lang, now),
      detail: `${zone} · ${timeZoneOffset(zone, now)}`,
      ...(ZONE_CITIES_ZH[zone] && { keywords: ZONE_CITIES_ZH[zone] }),
    }));
    // In English the device's own zone is the likeliest; a Chinese company is on Beijing time wherever its admin is.
    const likely = [
      ...new Set(
        lang === "zh-CN"
          ? ["Asia/Shanghai", deviceZone(), ...LIKELY_ZONES[lang]]
          : [deviceZone(), ...LIKELY_ZONES[lang]],
      ),
    ];
    return { options, likely };
  }, [lang]);
}

/** What companies writing in each language mostly dial, most likely first. */
const LIKELY_REGIONS: Record<Lang, string[]> = {
  "zh-CN": ["CN", "HK", "MO", "TW", "SG", "MY", "US"],
  en: ["US", "GB", "CA", "AU", "IE", "NZ", "IN", "SG"],
};

/** The device's region ("zh-CN" → CN), when its language says one. */
function deviceRegion(): string | undefined {
  try {
    return new Intl.Locale(navigator.language).maximize().region;
  } catch {
    return undefined;
  }
}

/**
 * Every region a company's phone numbers can default to, by the reader's
 * name for it ("中国"), its code and calling code below ("CN · +86"), also
 * found by its English name; the device's and the language's likely ones first.
 */
export function usePhoneRegionChoices(lang: Lang): { options: PickerOption[]; likely: string[] } {
  return useMemo(() => {
    const names = new Intl.DisplayNames([lang], { type: "region" });
    const english = new Intl.DisplayNames(["en"], { type: "region" });
    const options = phoneRegions()
      .map(({ region, callingCode }) => ({
        value: region,
        label: names.of(region) ?? region,
        detail: `${region} · +${callingCode}`,
        ...(lang !== "en" && { keywords: english.of(region) ?? "" }),
      }))
      .sort((a, b) => a.label.localeCompare(b.label, lang));
    const device = deviceRegion();
    const regions = new Set(options.map((option) => option.value));
    // As with zones: a Chinese company dials China first wherever its admin is; in English the device's region.
    const first = lang === "zh-CN" ? ["CN", device] : [device];
    const likely = [...new Set([...first, ...LIKELY_REGIONS[lang]])].filter(
      (region): region is string => region !== undefined && regions.has(region),
    );
    return { options, likely };
  }, [lang]);
}
