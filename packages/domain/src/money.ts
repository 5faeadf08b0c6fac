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

/** ISO 4217 codes the runtime knows ("CNY", "USD"), and "RMB" as people in China write it. */
let knownCodes: Set<string> | undefined;
function isCurrencyCode(word: string): boolean {
  knownCodes ??= new Set(
    typeof Intl.supportedValuesOf === "function" ? [...Intl.supportedValuesOf("currency"), "RMB"] : [],
  );
  if (word.length !== 3) return false;
  // A runtime that cannot list them: any code written as codes are, in capitals.
  return knownCodes.size > 0 ? knownCodes.has(word.toUpperCase()) : /^[A-Z]{3}$/.test(word);
}

/**
 * An amount as people type it in a form or a spreadsheet ("¥1,299.50",
 * "1 299,50", "1299.5", "-20", "(20)", "RMB 88", "88元", "CN¥88", "US$ 12.50")
 * in integer minor units of the currency; undefined when it is not an amount
 * or has more decimals than the currency has. Letters are read only as a
 * currency, before or after the number (a code such as "CNY", the letters of
 * "US$"): "1e3" or "12abc" is refused, not read as 13 or 12.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  // Each currency written becomes "¤", the sign for any currency.
  const marked = text
    .normalize("NFKC")
    .replace(/[\u2212\u2012\u2013]/g, "-")
    .replace(/[A-Za-z]{1,3}[$¥]|人民币|[¥$€£₩₹元圆]/g, "¤")
    .replace(/[A-Za-z]+/g, (word) => (isCurrencyCode(word) ? "¤" : word));
  // A currency between digits ("12USD34") is not a way to write an amount.
  if (/[\d.,][\s'¤]*¤[\s'¤]*[\d.,]/.test(marked)) return undefined;
  const cleaned = marked.replace(/[\s'¤]/g, "").replace(/^\((.*)\)$/, "-$1");
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
