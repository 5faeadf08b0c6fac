/**
 * Money as people write it and read it. The CRM keeps integer minor units of
 * one ISO 4217 currency; these read typed or imported amounts into them and
 * show them back in a reader's locale.
 */

/** Minor units of a currency (2 for CNY and USD, 0 for JPY), as ISO 4217 and Intl know them. */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/**
 * Which of "." and "," is the decimal mark in a number written with either:
 * the last one when both appear ("1.299,50", "1,299.50"); a lone comma
 * followed by anything but three digits ("1299,50", but not "1,299"); a lone
 * dot. Anything repeated is grouping.
 */
function decimalMark(digits: string): "." | "," | undefined {
  const dot = digits.lastIndexOf(".");
  const comma = digits.lastIndexOf(",");
  if (dot >= 0 && comma >= 0) return dot > comma ? "." : ",";
  const mark = dot >= 0 ? "." : comma >= 0 ? "," : undefined;
  if (!mark || digits.indexOf(mark) !== digits.lastIndexOf(mark)) return undefined;
  if (mark === "," && /,\d{3}$/.test(digits)) return undefined;
  return mark;
}

/**
 * An amount as people type it in a form or a spreadsheet ("¥1,299.50",
 * "1 299,50", "1299.5", "-20", "(20)", "RMB 88", "88元") in integer minor units
 * of the currency; undefined when it is not an amount or has more decimals
 * than the currency has.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const cleaned = text
    .normalize("NFKC")
    .replace(/[\u2212\u2012\u2013]/g, "-")
    .replace(/人民币|[A-Za-z¥$€£元圆\s']/g, "")
    .replace(/^\((.*)\)$/, "-$1");
  const negative = cleaned.startsWith("-");
  const unsigned = negative ? cleaned.slice(1) : cleaned;
  if (!/^\d[\d.,]*$|^[.,]\d+$/.test(unsigned) || /[.,]{2}/.test(unsigned)) return undefined;
  const mark = decimalMark(unsigned);
  const [whole = "", fraction = "", extra] = (mark ? unsigned.split(mark) : [unsigned]).map((part) =>
    part.replace(/[.,]/g, ""),
  );
  if (extra !== undefined || !/^\d*$/.test(whole) || !/^\d*$/.test(fraction)) return undefined;
  if (whole === "" && fraction === "") return undefined;
  const digits = minorDigits(currency);
  if (fraction.replace(/0+$/, "").length > digits) return undefined;
  const minor =
    Number(whole || "0") * 10 ** digits + Number(fraction.padEnd(digits, "0").slice(0, digits) || 0);
  return negative ? -minor : minor;
}

const formats = new Map<string, Intl.NumberFormat>();

/** Minor units shown in the reader's locale and the currency's own symbol and digits ("¥1,299.50", "CN¥1,299.50"). */
export function formatMoney(minor: number, currency: string, locale: string): string {
  const key = `${locale} ${currency}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: "currency", currency });
    formats.set(key, format);
  }
  return format.format(minor / 10 ** minorDigits(currency));
}
