import { COMPANY_SIZES, CUSTOMER_KINDS, CUSTOMER_TYPES, LIFECYCLE_STAGES } from "../constants.js";
import type { CustomField } from "../custom-field.js";
import { type FieldProblem, fieldProblem } from "../errors.js";
import { parseAmount } from "../money.js";
import type { FieldProblemCode } from "../problems.js";
import { parseSpreadsheetDate, parseSpreadsheetTime } from "./dates.js";
import { type ImportMapping, kindOfNameHeader } from "./mapping.js";

/**
 * One bad cell (or row) of an import: the spreadsheet's row number (the
 * header is row 1) and the column's header. A problem with something no
 * column of the file holds (a required custom field left unmapped, the
 * company's default currency) names it in `field` (an import target) and
 * leaves `column` empty; a problem of the whole row has neither.
 */
export type RowProblem = {
  row: number;
  column: string;
  field?: string;
  code: FieldProblemCode;
  message: string;
  params?: Record<string, string | number>;
};

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

/** A list field's option from its value or its label in either language, compared without case or width. */
function optionOf(field: CustomField, text: string): string {
  const wanted = text.normalize("NFKC").trim().toLowerCase();
  const same = (one: string | undefined) => one?.normalize("NFKC").trim().toLowerCase() === wanted;
  return (
    field.options?.find(same) ??
    field.options?.find((option) => {
      const labels = field.optionLabels?.[option];
      return same(labels?.en) || same(labels?.["zh-CN"]);
    }) ??
    text.trim()
  );
}

/** A custom field's cell as the value its type takes; what does not fit goes as text, for the check to name. */
function customValue(field: CustomField | undefined, text: string): unknown {
  switch (field?.type) {
    case "select":
      return optionOf(field, text);
    case "number": {
      const number = Number(text.replace(/[,\s]/g, ""));
      return Number.isFinite(number) ? number : text;
    }
    case "boolean": {
      const lower = text.trim().toLowerCase();
      return TRUE.has(lower) ? true : FALSE.has(lower) ? false : text;
    }
    case "multiselect":
      return list(text).map((one) => optionOf(field, one));
    case "date":
      return parseSpreadsheetDate(text) ?? text;
    default:
      return text.trim();
  }
}

/**
 * A customer row as the body the API takes (before its schema checks it),
 * and which column each field comes from (empty or not), so problems can
 * name the column. Empty cells are left out.
 *
 * Whether the row is a person or a company: its kind column when it has one
 * and the cell is filled (person/company, 个人/公司/企业…); else what the name
 * column's header says (公司名称, Company… companies; 姓名, Full name…
 * people); else a row with an industry or company size and no birthday is a
 * company; else a person. A person row is never made a company by its other
 * cells: one with an industry or size is refused, naming that column.
 */
export function customerFromRow(row: Record<string, string>, mapping: ImportMapping, fields: CustomField[]) {
  const body: Record<string, unknown> = {};
  const columns: Record<string, string> = {};
  let owner: string | undefined;
  let id: string | undefined;
  for (const [column, target] of Object.entries(mapping)) {
    columns[target] = column;
    const text = (row[column] ?? "").trim();
    if (!text) continue;
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
  if (!body.kind) {
    const nameHeader = Object.keys(mapping).find((header) => mapping[header] === "name");
    body.kind =
      kindOfNameHeader(nameHeader) ?? (!body.birthday && (body.industry || body.size) ? "company" : "person");
  }
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

/** The import target a problem's path is about ("emails.1" → emails, "customFields.budget" → itself). */
const targetOf = (path: string) => {
  const parts = path.split(".");
  return parts[0] === "customFields" || parts[0] === "address"
    ? parts.slice(0, 2).join(".")
    : (parts[0] ?? "");
};

/**
 * A field problem as the row problem a person reads: the column it came
 * from, or (no column of the file holds it) the field it is about, or
 * neither for the whole row.
 */
export function rowProblem(row: number, problem: FieldProblem, columns: Record<string, string>): RowProblem {
  const column = columnOf(problem.path, columns);
  const whole = problem.path === "" || problem.path === "(body)";
  return {
    row,
    column,
    ...(!column && !whole && { field: targetOf(problem.path) }),
    code: problem.code,
    message: problem.message,
    ...(problem.params && { params: problem.params }),
  };
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
    columns[target] = column;
    if (text) cells[target] = text;
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
  // The customer's column: the one the row found them by, or the first mapped one when all are empty.
  const customerColumn = customer
    ? columns[`customer${customer.by === "id" ? "Id" : customer.by === "email" ? "Email" : "Phone"}`]
    : (columns.customerId ?? columns.customerEmail ?? columns.customerPhone);
  if (customerColumn) columns.customer = customerColumn;
  if (!customer) problems.push(fieldProblem("customer", "customer-reference-required"));
  if (cells.occurredAt) {
    const at = parseSpreadsheetTime(cells.occurredAt, defaults.timeZone);
    if (at) body.occurredAt = at;
    else problems.push(fieldProblem("occurredAt", "not-date"));
  } else problems.push(fieldProblem("occurredAt", "required"));
  const amount = cells.amount ? parseAmount(cells.amount, currency) : undefined;
  if (cells.amount && amount === undefined) problems.push(fieldProblem("amount", "not-amount"));
  if (!cells.amount) problems.push(fieldProblem("amount", "required"));
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
