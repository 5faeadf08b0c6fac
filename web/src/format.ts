import { formatMoney } from "@crm/domain/money";
import { formatPhone } from "@crm/domain/phone";
import {
  formatCalendarDate,
  formatInstant,
  instantToWallTime,
  timeZoneName,
  timeZoneOffset,
  wallTimeToInstant,
} from "@crm/domain/zoned-time";
import { useMemo } from "react";
import { deviceZone, timeZoneLabel } from "./components/settings-choices";
import { useI18n } from "./i18n";
import { useMe } from "./me";

export type Format = ReturnType<typeof formatFor>;

/** A currency by the reader's name for it ("人民币", "Chinese Yuan"); its code when Intl has none. */
function currencyNameOf(code: string, lang: string): string {
  try {
    return new Intl.DisplayNames([lang], { type: "currency" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** A currency's sign as the reader writes it ("¥", "$", "€"); its code when it has none. */
function currencySymbolOf(code: string, lang: string): string {
  try {
    return (
      new Intl.NumberFormat(lang, { style: "currency", currency: code, currencyDisplay: "narrowSymbol" })
        .formatToParts(0)
        .find((part) => part.type === "currency")?.value ?? code
    );
  } catch {
    return code;
  }
}

/**
 * Formatters for what the company keeps, bound to the reader's language and
 * the company's settings: times on the company's clock (not the device's),
 * money in its currency, phones as its region writes them.
 */
export function formatFor(
  lang: string,
  settings: { timeZone: string; currency: string; phoneRegion: string },
) {
  const { timeZone, currency, phoneRegion } = settings;
  return {
    lang,
    timeZone,
    currency,
    /** Minor units in the reader's locale: "¥1,299.50" (zh-CN), "CN¥1,299.50" (en). */
    money: (minor: number, inCurrency: string = currency) => formatMoney(minor, inCurrency, lang),
    /** The company-local day of an instant. */
    day: (at: string | number | Date) => formatInstant(at, { locale: lang, timeZone }),
    /** The company-local day and time of an instant. */
    dateTime: (at: string | number | Date) => formatInstant(at, { locale: lang, timeZone, time: true }),
    /** A calendar date (YYYY-MM-DD: a birthday, a night's date) in the reader's locale. */
    date: (isoDate: string) => formatCalendarDate(isoDate, lang),
    /** A stored E.164 number: national for the company's region, international otherwise. */
    phone: (e164: string) => formatPhone(e164, phoneRegion),
    /** A currency by the reader's name for it and its code: "人民币 (CNY)", "Chinese Yuan (CNY)". */
    currencyName: (code: string = currency) => {
      const name = currencyNameOf(code, lang);
      return name === code ? code : `${name} (${code})`;
    },
    /** A currency as a label beside an amount says it, by name and sign: "人民币 · ¥", "US Dollar · $". */
    currencySign: (code: string = currency) =>
      [...new Set([currencyNameOf(code, lang), currencySymbolOf(code, lang)])].join(" · "),
    /** The company's zone by its name and a city, with its offset now: "中国标准时间 · 上海 (GMT+8)". */
    zoneName: () => `${timeZoneLabel(timeZone, lang)} (${timeZoneOffset(timeZone)})`,
    /** The company's zone as the reader knows it, with its offset now: "中国标准时间 (Asia/Shanghai, GMT+8)". */
    zone: () => `${timeZoneName(timeZone, lang)} (${timeZone}, ${timeZoneOffset(timeZone)})`,
    /** What a datetime-local input shows for an instant: the company's wall clock. */
    toWallTime: (at: string | number | Date) => instantToWallTime(at, timeZone),
    /** The instant (ISO, UTC) of what a datetime-local input holds, read on the company's clock. */
    fromWallTime: (wallTime: string) => wallTimeToInstant(wallTime, timeZone),
  };
}

/** The formatters for the signed-in company and the reader's language. */
export function useFormat(): Format {
  const { lang } = useI18n();
  const { me } = useMe();
  const settings = me?.tenant.settings;
  const timeZone = settings?.timeZone ?? deviceZone();
  const currency = settings?.currency ?? "USD";
  const phoneRegion = settings?.phoneRegion ?? "US";
  return useMemo(
    () => formatFor(lang, { timeZone, currency, phoneRegion }),
    [lang, timeZone, currency, phoneRegion],
  );
}
