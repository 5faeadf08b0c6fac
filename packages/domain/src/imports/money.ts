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
 * An amount as people type it in a spreadsheet ("¥1,299.50", "1299.5", "-20",
 * "RMB 88") in integer minor units of the currency; undefined when it is not
 * an amount or has more decimals than the currency has.
 */
export function parseAmount(text: string, currency: string): number | undefined {
  const cleaned = text
    .normalize("NFKC")
    .replace(/[A-Za-z¥$€£￥元\s,']/g, "")
    .replace(/^\((.*)\)$/, "-$1");
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  const digits = minorDigits(currency);
  const [whole = "0", fraction = ""] = cleaned.replace("-", "").split(".");
  if (fraction.replace(/0+$/, "").length > digits) return undefined;
  const minor = Number(whole) * 10 ** digits + Number(fraction.padEnd(digits, "0").slice(0, digits) || 0);
  return cleaned.startsWith("-") ? -minor : minor;
}
