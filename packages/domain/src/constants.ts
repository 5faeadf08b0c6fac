/**
 * The domain's enumerations as plain values, with no zod: the web client
 * imports these (and types) without bundling the validators.
 */
export const ROLES = ["admin", "manager", "rep"] as const;
export const LOCALES = ["zh-CN", "en"] as const;
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
