import { z } from "zod";
import { CUSTOMER_IMPORT_TARGETS, TRANSACTION_IMPORT_TARGETS } from "../constants.js";
import type { CustomField } from "../custom-field.js";
import { type FieldProblem, fieldProblem } from "../errors.js";

export { CUSTOMER_IMPORT_TARGETS, TRANSACTION_IMPORT_TARGETS };

export const IMPORT_ENTITIES = ["customers", "transactions"] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/** Column header → target; columns left out are not imported. */
export const ImportMappingSchema = z.record(z.string().max(200), z.string().max(60));
export type ImportMapping = z.infer<typeof ImportMappingSchema>;

/** The targets a column may be mapped to, for an entity and the tenant's custom fields. */
export function importTargets(entity: ImportEntity, fields: CustomField[]): string[] {
  if (entity === "transactions") return [...TRANSACTION_IMPORT_TARGETS];
  const custom = fields
    .filter((field) => field.entity === "customer" && !field.removedAt)
    .map((field) => `customFields.${field.key}`);
  return [...CUSTOMER_IMPORT_TARGETS, ...custom];
}

/** Headers people use for each target, in English and Chinese, compared without case, spaces or punctuation. */
const SYNONYMS: Record<string, string[]> = {
  name: [
    "name",
    "fullname",
    "customer",
    "customername",
    "姓名",
    "名字",
    "客户姓名",
    "名称",
    "客户",
    "客户名称",
    "company",
    "companyname",
    "organization",
    "organisation",
    "公司",
    "公司名称",
    "企业名称",
    "单位名称",
  ],
  kind: ["kind", "customerkind", "类别", "客户类别"],
  type: ["type", "customertype", "类型", "客户类型"],
  emails: ["email", "emails", "mail", "emailaddress", "邮箱", "电子邮件", "邮件", "电子邮箱"],
  phones: [
    "phone",
    "phones",
    "mobile",
    "tel",
    "telephone",
    "phonenumber",
    "电话",
    "手机",
    "手机号",
    "手机号码",
    "联系电话",
  ],
  tags: ["tags", "tag", "labels", "标签"],
  lifecycleStage: ["stage", "lifecyclestage", "阶段", "生命周期", "客户阶段"],
  source: ["source", "leadsource", "来源", "客户来源"],
  industry: ["industry", "行业"],
  size: ["size", "companysize", "employees", "规模", "公司规模", "人数"],
  birthday: ["birthday", "dateofbirth", "dob", "birthdate", "生日", "出生日期"],
  "address.line1": ["address", "street", "addressline1", "地址", "详细地址", "街道"],
  "address.line2": ["addressline2"],
  "address.city": ["city", "城市", "市"],
  "address.region": ["region", "state", "province", "省", "省份", "地区"],
  "address.postalCode": ["postalcode", "zip", "zipcode", "postcode", "邮编", "邮政编码"],
  "address.country": ["country", "国家"],
  owner: ["owner", "owneremail", "salesrep", "负责人", "销售", "归属"],
  customerId: ["customerid", "客户id", "客户编号"],
  customerEmail: ["customeremail", "email", "客户邮箱", "邮箱"],
  customerPhone: ["customerphone", "phone", "mobile", "客户电话", "电话", "手机", "手机号"],
  occurredAt: [
    "date",
    "time",
    "occurredat",
    "orderdate",
    "purchasedate",
    "datetime",
    "日期",
    "时间",
    "下单时间",
    "交易时间",
    "购买日期",
    "订单日期",
  ],
  amount: ["amount", "total", "price", "value", "revenue", "金额", "总额", "实付金额", "订单金额", "价格"],
  currency: ["currency", "币种", "货币"],
  channel: ["channel", "渠道", "销售渠道"],
  category: ["category", "product", "item", "items", "品类", "类目", "商品", "产品"],
  externalRef: [
    "externalref",
    "orderid",
    "ordernumber",
    "order",
    "reference",
    "ref",
    "invoice",
    "订单号",
    "单号",
    "订单编号",
  ],
};

const compact = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s_\-.:：()（）#/]/g, "");

/** Headers of a name column that say whose name it is. */
const PERSON_NAME_HEADERS = ["fullname", "personname", "姓名", "名字", "客户姓名", "联系人", "联系人姓名"];
const COMPANY_NAME_HEADERS = [
  "company",
  "companyname",
  "organization",
  "organisation",
  "business",
  "businessname",
  "公司",
  "公司名称",
  "企业",
  "企业名称",
  "单位",
  "单位名称",
  "机构",
  "机构名称",
];

/** Whether a name column's header says its rows are people (姓名, Full name) or companies (公司名称, Company). */
export function kindOfNameHeader(header: string | undefined): "person" | "company" | undefined {
  if (header === undefined) return undefined;
  const key = compact(header);
  if (COMPANY_NAME_HEADERS.includes(key)) return "company";
  if (PERSON_NAME_HEADERS.includes(key)) return "person";
  return undefined;
}

/** The ids this CRM makes (UUIDs): only such a column is the CRM's own "id". */
export const CRM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A first mapping from the headers: each header to the target its name
 * suggests, each target at most once, the closest match winning a target
 * several headers suggest (its own name, then a synonym, then a custom
 * field's key or label; the first column among equals): a person's name
 * beats a company's ("Name" or 姓名 before "Company" or 公司) whatever their
 * order. A column called "id" is taken for the CRM's own id
 * only when its sample values are such ids (another system's "ID" column is
 * not). A file of people (its name column is 姓名, Full name…) without a
 * kind column gets no industry or size: only companies have them.
 */
export function suggestMapping(
  headers: string[],
  targets: string[],
  fields: CustomField[] = [],
  sample: string[][] = [],
): ImportMapping {
  const matches: Array<{ header: string; index: number; target: string; rank: number }> = [];
  for (const [index, header] of headers.entries()) {
    const cells = sample.map((row) => row[index] ?? "").filter(Boolean);
    if (compact(header) === "id" && !cells.every((cell) => CRM_ID.test(cell))) continue;
    const key = compact(header);
    for (const target of targets) {
      const synonym = SYNONYMS[target]?.indexOf(key) ?? -1;
      const field = fields.find((one) => target === `customFields.${one.key}`);
      const rank =
        compact(target) === key
          ? 0
          : synonym >= 0
            ? // A company's name is the customer's only when the file has no person's name.
              COMPANY_NAME_HEADERS.includes(key)
              ? 2
              : 1
            : field &&
                [field.key, field.label.en, field.label["zh-CN"]]
                  .flatMap((text) => (text ? [compact(text)] : []))
                  .includes(key)
              ? 1000
              : undefined;
      if (rank !== undefined) matches.push({ header, index, target, rank });
    }
  }
  matches.sort((a, b) => a.rank - b.rank || a.index - b.index);
  const mapping: ImportMapping = {};
  const taken = new Set<string>();
  for (const { header, target } of matches) {
    if (mapping[header] === undefined && !taken.has(target)) {
      mapping[header] = target;
      taken.add(target);
    }
  }
  // A file of people: its industry or size column is about something else (their employer), not the customer.
  const nameHeader = Object.keys(mapping).find((header) => mapping[header] === "name");
  if (!taken.has("kind") && kindOfNameHeader(nameHeader) === "person") {
    for (const header of Object.keys(mapping))
      if (mapping[header] === "industry" || mapping[header] === "size") delete mapping[header];
  }
  return mapping;
}

/** Problems of a mapping itself: unknown targets, a target twice, and what the entity cannot do without. */
export function mappingProblems(
  entity: ImportEntity,
  mapping: ImportMapping,
  targets: string[],
  headers: string[],
) {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const [header, target] of Object.entries(mapping)) {
    if (!headers.includes(header)) problems.push(fieldProblem(`mapping.${header}`, "mapping-no-such-column"));
    else if (!targets.includes(target))
      problems.push(fieldProblem(`mapping.${header}`, "mapping-not-importable"));
    else if (seen.has(target)) problems.push(fieldProblem(`mapping.${header}`, "mapping-duplicate"));
    else seen.add(target);
  }
  const needs =
    entity === "customers"
      ? [["name"]]
      : [["customerId", "customerEmail", "customerPhone"], ["occurredAt"], ["amount"]];
  for (const group of needs) {
    if (!group.some((target) => seen.has(target)))
      problems.push(fieldProblem("mapping", "mapping-missing", { fields: group.join(" / ") }));
  }
  return problems;
}
