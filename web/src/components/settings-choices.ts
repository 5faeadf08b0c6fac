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

const deviceZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

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
    const options = zones.map((zone) => ({
      value: zone,
      label: zone,
      detail: `${timeZoneName(zone, lang, now)} · ${timeZoneOffset(zone, now)}`,
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
