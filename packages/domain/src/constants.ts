/**
 * The domain's enumerations as plain values, with no zod: the web client
 * imports these (and types) without bundling the validators.
 */
export const ROLES = ["admin", "manager", "rep"] as const;
export const LOCALES = ["zh-CN", "en"] as const;
/** A new tenant's currency, time zone and phone region, by the language its admin signed up in. */
export const REGIONAL_DEFAULTS: Record<
  (typeof LOCALES)[number],
  { currency: string; timeZone: string; phoneRegion: string }
> = {
  "zh-CN": { currency: "CNY", timeZone: "Asia/Shanghai", phoneRegion: "CN" },
  en: { currency: "USD", timeZone: "UTC", phoneRegion: "US" },
};
export const PLANS = ["pooled", "dedicated"] as const;
export const REP_VISIBILITIES = ["all", "own"] as const;
export const USER_STATUSES = ["invited", "active", "deactivated"] as const;
export const CUSTOMER_KINDS = ["person", "company"] as const;
export const CUSTOMER_TYPES = ["consumer", "business", "intermediary", "public"] as const;
export const LIFECYCLE_STAGES = ["prospect", "new", "growing", "mature", "at-risk", "churned"] as const;
/** What the nightly scoring says of a customer: churn risk bands, ABC classes, and the default RFM segments' keys. */
export const CHURN_RISKS = ["low", "medium", "high"] as const;
export const ABC_CLASSES = ["A", "B", "C"] as const;
export const DEFAULT_SEGMENT_KEYS = [
  "champions",
  "loyal",
  "potential-loyalist",
  "new",
  "promising",
  "need-attention",
  "about-to-sleep",
  "cant-lose-them",
  "at-risk",
  "lost",
  "hibernating",
] as const;
export const COMPANY_SIZES = ["1-10", "11-50", "51-200", "201-1000", "1000+"] as const;

/** The longest search the API takes (`?q=`, customer-search.ts); the web's search boxes take no more. */
export const MAX_SEARCH_LENGTH = 100;

/** What custom fields can be defined on, and the kinds of value they hold. */
export const CUSTOM_FIELD_ENTITIES = ["customer", "contact"] as const;
export const CUSTOM_FIELD_TYPES = ["text", "number", "date", "select", "multiselect", "boolean"] as const;

/** What a column can fill on a customer; custom fields are customFields.<key>. */
export const CUSTOMER_IMPORT_TARGETS = [
  /** The CRM's own id, as an export writes it: the row is that customer. */
  "id",
  "name",
  "kind",
  "type",
  "emails",
  "phones",
  "tags",
  "lifecycleStage",
  "source",
  "industry",
  "size",
  "birthday",
  "address.line1",
  "address.line2",
  "address.city",
  "address.region",
  "address.postalCode",
  "address.country",
  "owner",
] as const;

/** What a column can fill on a transaction; the customer is found by id, email or phone. */
export const TRANSACTION_IMPORT_TARGETS = [
  /** The CRM's own id, as an export writes it: the row is that transaction. */
  "id",
  "customerId",
  "customerEmail",
  "customerPhone",
  "occurredAt",
  "amount",
  "currency",
  "kind",
  "channel",
  "category",
  "externalRef",
] as const;

/**
 * The most one row of an import file may take, in bytes as the parser holds
 * them (UTF-8): about 65,000 Latin or 21,000 Chinese characters, far past
 * any real CRM row. It bounds the memory an import needs whatever the file,
 * so a quote that is never closed (which swallows the rest of the file into
 * one cell) fails at this size instead of buffering the whole file.
 */
export const MAX_IMPORT_ROW_BYTES = 64 * 1024;
/** The most columns a row of an import file may have: far past any mapping, yet a bound on each row's cells. */
export const MAX_IMPORT_COLUMNS = 200;
/**
 * What can be wrong with an import file as a whole (not with one row's
 * values): each fails the run, naming the line where the row at fault begins.
 */
export const IMPORT_FILE_PROBLEMS = ["unclosed-quote", "row-too-large", "too-many-columns"] as const;
