import type { PurchaseRecord } from "@crm/domain";

const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const DASHED = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/;

/** A date as analysts' files write it (1997-01-01, 19970101, 1997/1/1), as YYYY-MM-DD. */
export function readDate(text: string): string | undefined {
  const match = COMPACT.exec(text) ?? DASHED.exec(text);
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
}

/** Reads customer_id,date,amount rows into records; returns the problems, each naming its line. */
export async function readPurchases(
  rows: AsyncIterable<Record<string, string>>,
  into: PurchaseRecord[],
): Promise<string[]> {
  const problems: string[] = [];
  let line = 1;
  for await (const row of rows) {
    line++;
    if (line === 2) {
      const missing = ["customer_id", "date", "amount"].filter((column) => !(column in row));
      if (missing.length > 0)
        return [`The header must name customer_id, date and amount; missing: ${missing.join(", ")}.`];
    }
    const customerId = row.customer_id ?? "";
    const date = readDate(row.date ?? "");
    const amount = row.amount ? Number(row.amount) : Number.NaN;
    if (!customerId) problems.push(`Line ${line}: no customer_id.`);
    if (!date) problems.push(`Line ${line}: "${row.date}" is not a date (use YYYY-MM-DD).`);
    if (!Number.isFinite(amount)) problems.push(`Line ${line}: "${row.amount}" is not an amount.`);
    if (customerId && date && Number.isFinite(amount)) into.push({ customerId, date, amount });
  }
  return problems;
}
