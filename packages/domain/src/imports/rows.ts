import { COMPANY_SIZES, CUSTOMER_KINDS, CUSTOMER_TYPES, LIFECYCLE_STAGES } from "../constants.js";
import type { CustomField } from "../custom-field.js";
import type { FieldProblem } from "../errors.js";
import { parseSpreadsheetDate, parseSpreadsheetTime } from "./dates.js";
import type { ImportMapping } from "./mapping.js";
import { parseAmount } from "./money.js";

/** One bad cell (or row) of an import: the spreadsheet's row number (the header is row 1) and column. */
export type RowProblem = { row: number; column: string; message: string };

const LIST = /[,，;；|、\n]+/;
const list = (text: string) =>
  text
    .split(LIST)
    .map((part) => part.trim())
    .filter(Boolean);

/** Chinese words for the fixed choices, so a sheet written in Chinese imports as it is. */
const CHOICES: Record<string, Record<string, string>> = {
  kind: { 个人: "person", 人: "person", 公司: "company", 企业: "company", 单位: "company" },
  type: {
    消费者: "consumer",
    个人客户: "consumer",
    企业客户: "business",
    企业: "business",
    中间商: "intermediary",
    渠道商: "intermediary",
    代理商: "intermediary",
    政府: "public",
    公共: "public",
  },
  lifecycleStage: {
    潜在: "prospect",
    潜在客户: "prospect",
    新客户: "new",
    新: "new",
    成长: "growing",
    成长期: "growing",
    成熟: "mature",
    成熟期: "mature",
    流失风险: "at-risk",
    有风险: "at-risk",
    已流失: "churned",
    流失: "churned",
  },
  transactionKind: { 购买: "purchase", 消费: "purchase", 订单: "purchase", 退款: "refund", 退货: "refund" },
};
const ALLOWED: Record<string, readonly string[]> = {
  kind: CUSTOMER_KINDS,
  type: CUSTOMER_TYPES,
  lifecycleStage: LIFECYCLE_STAGES,
  size: COMPANY_SIZES,
  transactionKind: ["purchase", "refund"],
};

/** A fixed choice from English (any case) or Chinese; what matches nothing goes on as written, for the schema to name. */
function choice(kind: string, text: string): string {
  const lower = text.trim().toLowerCase();
  return ALLOWED[kind]?.find((allowed) => allowed === lower) ?? CHOICES[kind]?.[text.trim()] ?? text.trim();
}

const TRUE = new Set(["true", "yes", "y", "1", "是", "对", "有", "✓"]);
const FALSE = new Set(["false", "no", "n", "0", "否", "不", "无", "没有"]);

/** A custom field's cell as the value its type takes; what does not fit goes as text, for the check to name. */
function customValue(field: CustomField | undefined, text: string): unknown {
  switch (field?.type) {
    case "number": {
      const number = Number(text.replace(/[,\s]/g, ""));
      return Number.isFinite(number) ? number : text;
    }
    case "boolean": {
      const lower = text.trim().toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
    }
    case "multiselect":
      return list(text);
    case "date":
      return parseSpreadsheetDate(text) ?? text;
    default:
      return text.trim();
  }
}

/**
 * A customer row as the body the API takes (before its schema checks it),
 * and which column each field came from, so problems can name the column.
 * Empty cells are left out.
 */
export function customerFromRow(row: Record<string, string>, mapping: ImportMapping, fields: CustomField[]) {
  const body: Record<string, unknown> = {};
  const columns: Record<string, string> = {};
  let owner: string | undefined;
  let id: string | undefined;
  for (const [column, target] of Object.entries(mapping)) {
    const text = (row[column] ?? "").trim();
    if (!text) continue;
    columns[target] = column;
    if (target === "id") id = text;
    else if (target === "owner") owner = text.toLowerCase();
    else if (target === "emails") body.emails = list(text).map((email) => email.toLowerCase());
    else if (target === "phones" || target === "tags") body[target] = list(text);
    else if (target === "kind" || target === "type" || target === "lifecycleStage" || target === "size")
      body[target] = choice(target, text);
    else if (target === "birthday") body.birthday = parseSpreadsheetDate(text) ?? text;
    else if (target.startsWith("address.")) {
      const part = target.slice("address.".length);
      body.address = { ...(body.address as object), [part]: part === "country" ? text.toUpperCase() : text };
    } else if (target.startsWith("customFields.")) {
      const key = target.slice("customFields.".length);
      body.customFields = {
        ...(body.customFields as object),
        [key]: customValue(
          fields.find((field) => field.key === key),
          text,
        ),
      };
    } else body[target] = text;
  }
  // A row with an industry or company size but no kind is a company.
  if (!body.kind) body.kind = body.industry || body.size ? "company" : "person";
  return { body, columns, owner, id };
}

/** The column a problem's path came from ("emails.1" → the emails column). */
export function columnOf(path: string, columns: Record<string, string>): string {
  const parts = path.split(".");
  for (let length = parts.length; length > 0; length--) {
    const column = columns[parts.slice(0, length).join(".")];
    if (column) return column;
  }
  return "";
}

export type TransactionRow = {
  customer: { by: "id" | "email" | "phone"; value: string } | undefined;
  /** The transaction's own id, from an export. */
  id?: string;
  body: Record<string, unknown>;
  columns: Record<string, string>;
  problems: FieldProblem[];
};

/**
 * A transaction row as the body the API takes: amounts in the currency's
 * minor units (a negative amount is a refund), local times in the tenant's
 * time zone, and how to find its customer.
 */
export function transactionFromRow(
  row: Record<string, string>,
  mapping: ImportMapping,
  defaults: { currency: string; timeZone: string },
): TransactionRow {
  const cells: Record<string, string> = {};
  const columns: Record<string, string> = {};
  for (const [column, target] of Object.entries(mapping)) {
    const text = (row[column] ?? "").trim();
    if (text) {
      cells[target] = text;
      columns[target] = column;
    }
  }
  const problems: FieldProblem[] = [];
  const currency = (cells.currency ?? defaults.currency).toUpperCase();
  const body: Record<string, unknown> = { currency };
  const customer = cells.customerId
    ? { by: "id" as const, value: cells.customerId }
    : cells.customerEmail
      ? { by: "email" as const, value: cells.customerEmail.toLowerCase() }
      : cells.customerPhone
        ? { by: "phone" as const, value: cells.customerPhone }
        : undefined;
  if (!customer) problems.push({ path: "customer", message: "Give the customer's id, email or phone." });
  if (cells.occurredAt) {
    const at = parseSpreadsheetTime(cells.occurredAt, defaults.timeZone);
    if (at) body.occurredAt = at;
    else problems.push({ path: "occurredAt", message: "Use a date such as 2026-03-01 or 2026/3/1 14:30." });
  } else problems.push({ path: "occurredAt", message: "This field is required." });
  const amount = cells.amount ? parseAmount(cells.amount, currency) : undefined;
  if (cells.amount && amount === undefined)
    problems.push({ path: "amount", message: "Not an amount in this currency." });
  if (!cells.amount) problems.push({ path: "amount", message: "This field is required." });
  if (amount !== undefined) body.amount = Math.abs(amount);
  body.kind = cells.kind
    ? choice("transactionKind", cells.kind)
    : amount !== undefined && amount < 0
      ? "refund"
      : "purchase";
  for (const target of ["channel", "category", "externalRef"] as const)
    if (cells[target]) body[target] = cells[target];
  return { customer, id: cells.id, body, columns, problems };
}
