import type { TenantData } from "@crm/data";
import {
  CUSTOMER_IMPORT_TARGETS,
  type Customer,
  type CustomField,
  customerListing,
  type ExportJob,
  inForce,
  instantToZonedIso,
  minorDigits,
  type Transaction,
} from "@crm/domain";
import { csvLine, UTF8_BOM } from "../files/csv.js";
import type { JobMessage } from "./messages.js";

type ExportMessage = Extract<JobMessage, { job: "export" }>;

/** A part of the file is written once it holds this much: under the 6 MB a Lambda may answer, base64 included. */
export const EXPORT_PART_BYTES = 3 * 1024 * 1024;
const PAGE = 100;

const major = (amount: number, currency: string) => {
  const digits = minorDigits(currency);
  return (amount / 10 ** digits).toFixed(digits);
};

/**
 * A stored instant as the company's clock reads it, with the offset
 * ("2026-11-06T00:58:00+08:00"): a spreadsheet shows the company's day, and
 * the import reads it back as the same instant.
 */
const localTime = (at: string | undefined, timeZone: string) => at && instantToZonedIso(at, timeZone);

/**
 * The columns of an export, named as the import's targets, so an exported
 * file imports back as it is (and maps itself); times on the company's clock.
 */
function customerColumns(fields: CustomField[], timeZone: string) {
  const custom = fields.filter((field) => field.entity === "customer");
  const header = [
    ...CUSTOMER_IMPORT_TARGETS,
    "purchases.count",
    "purchases.netAmount",
    "purchases.currency",
    "purchases.firstAt",
    "purchases.lastAt",
    "createdAt",
    ...custom.map((field) => `customFields.${field.key}`),
  ];
  const list = (values: string[]) => values.join("; ");
  const row = (customer: Customer, ownerEmail: string | undefined) => {
    const cells: Record<string, string | number | undefined> = {
      id: customer.id,
      name: customer.name,
      kind: customer.kind,
      type: customer.type,
      emails: list(customer.emails),
      phones: list(customer.phones),
      tags: list(customer.tags),
      lifecycleStage: customer.lifecycleStage,
      source: customer.source,
      industry: customer.industry,
      size: customer.size,
      birthday: customer.birthday,
      owner: ownerEmail,
      "purchases.count": customer.purchases.count,
      "purchases.netAmount": major(customer.purchases.netAmount, customer.purchases.currency),
      "purchases.currency": customer.purchases.currency,
      "purchases.firstAt": localTime(customer.purchases.firstAt, timeZone),
      "purchases.lastAt": localTime(customer.purchases.lastAt, timeZone),
      createdAt: localTime(customer.createdAt, timeZone),
    };
    for (const [part, value] of Object.entries(customer.address ?? {})) cells[`address.${part}`] = value;
    for (const [key, value] of Object.entries(customer.customFields ?? {})) {
      cells[`customFields.${key}`] = Array.isArray(value) ? list(value.map(String)) : String(value);
    }
    return header.map((column) => cells[column]);
  };
  return { header, row };
}

const TRANSACTION_HEADER = [
  "id",
  "customerId",
  "customerName",
  "customerEmail",
  "occurredAt",
  "amount",
  "currency",
  "kind",
  "channel",
  "category",
  "externalRef",
];
const transactionRow = (customer: Customer, transaction: Transaction, timeZone: string) => [
  transaction.id,
  customer.id,
  customer.name,
  customer.emails[0],
  localTime(transaction.occurredAt, timeZone),
  major(transaction.amount, transaction.currency),
  transaction.currency,
  transaction.kind,
  transaction.channel,
  transaction.category,
  transaction.externalRef,
];

/**
 * Writes an export: the customers of the filter (as the person who asked
 * sees them), or their transactions, as UTF-8 CSV with a BOM so Excel reads
 * Chinese right, in parts of EXPORT_PART_BYTES. A retried export starts over
 * and writes the same parts again.
 */
export async function runExport(tenant: TenantData, message: ExportMessage) {
  const job: ExportJob | undefined = await tenant.exports.find(message.exportId);
  if (!job || job.status === "done" || job.status === "failed") return { skipped: true as const };
  await tenant.exports.set(job.id, { status: "running", done: 0, rows: 0 });
  const [fields, users, { settings }] = await Promise.all([
    tenant.customFields.list(),
    tenant.users.list(),
    tenant.settings.get(),
  ]);
  // A search by phone reads national numbers with the tenant's region, as the list in the app does.
  const { phoneRegion, timeZone } = settings;
  const emailOf = new Map(users.map((user) => [user.id, user.email]));
  const columns = customerColumns(fields, timeZone);
  const encoder = new TextEncoder();
  let buffer: Uint8Array[] = [
    UTF8_BOM,
    encoder.encode(csvLine(job.entity === "customers" ? columns.header : TRANSACTION_HEADER)),
  ];
  let buffered = buffer.reduce((sum, piece) => sum + piece.length, 0);
  let part = 0;
  let bytes = 0;
  let rows = 0;
  let done = 0;
  const writePart = async () => {
    const joined = new Uint8Array(buffered);
    let offset = 0;
    for (const piece of buffer) {
      joined.set(piece, offset);
      offset += piece.length;
    }
    part++;
    bytes += joined.length;
    await tenant.exports.putPart(job.id, part, joined, new Date());
    buffer = [];
    buffered = 0;
  };
  const add = async (cells: ReadonlyArray<string | number | undefined>) => {
    const line = encoder.encode(csvLine(cells));
    buffer.push(line);
    buffered += line.length;
    rows++;
    if (buffered >= EXPORT_PART_BYTES) await writePart();
  };

  const listing = customerListing(job.filter, job.onlyOwnerId);
  let cursor: string | undefined;
  do {
    const page = await tenant.customers.list({ ...listing, phoneRegion, cursor, limit: PAGE });
    for (const customer of page.items) {
      if (job.entity === "customers") await add(columns.row(customer, emailOf.get(customer.ownerId)));
      else {
        let transactions: string | undefined;
        do {
          const found = await tenant.transactions.list(customer.id, { cursor: transactions, limit: 500 });
          // The entries in force: a voided entry and its reversal cancel out, and a file read back must not count them.
          for (const transaction of found.items.filter(inForce))
            await add(transactionRow(customer, transaction, timeZone));
          transactions = found.nextCursor;
        } while (transactions);
      }
    }
    done += page.items.length;
    cursor = page.nextCursor;
    await tenant.exports.set(job.id, { done, rows });
  } while (cursor);
  if (buffered > 0 || part === 0) await writePart();
  await tenant.exports.set(job.id, {
    status: "done",
    done,
    rows,
    parts: part,
    bytes,
    finishedAt: new Date().toISOString(),
  });
  return { rows, parts: part };
}
