/**
 * Every key of every item, built in one place. Each partition key starts with
 * "<tenantId>#": no item is reachable without the tenant's id, and in AWS the
 * per-tenant IAM condition (dynamodb:LeadingKeys "<tenantId>#*") relies on it.
 */
export type ItemKey = { pk: string; sk: string };
/** Imports and exports: jobs that carry a file. */
export type FileJobKind = "IMPORT" | "EXPORT";

const partition = (tenantId: string, collection: string) => `${tenantId}#${collection}`;
/** Where a customer's partition keeps its contacts' search keys (keys.contactSearchKey). */
export const CONTACT_SEARCH_KEYS = "CONTACTKEY#";

export const keys = {
  /** Which table holds the tenant; always kept in the pooled table. */
  registry: (tenantId: string): ItemKey => ({ pk: partition(tenantId, "TENANT"), sk: "REGISTRY" }),
  settings: (tenantId: string): ItemKey => ({ pk: partition(tenantId, "TENANT"), sk: "SETTINGS" }),
  /** Count of active admins, changed in the same transaction as the user it counts. */
  adminCount: (tenantId: string): ItemKey => ({ pk: partition(tenantId, "TENANT"), sk: "ADMINS" }),
  /** The tenant's custom field definitions, all in one item. */
  customFields: (tenantId: string): ItemKey => ({ pk: partition(tenantId, "TENANT"), sk: "CUSTOMFIELDS" }),
  /** How far an upgrade of the tenant's stored items (one per name) has come. */
  dataUpgrade: (tenantId: string, name: string): ItemKey => ({
    pk: partition(tenantId, "TENANT"),
    sk: `UPGRADE#${name}`,
  }),
  user: (tenantId: string, userId: string): ItemKey => ({ pk: partition(tenantId, "USER"), sk: userId }),
  invitation: (tenantId: string, tokenHash: string): ItemKey => ({
    pk: partition(tenantId, "INVITE"),
    sk: tokenHash,
  }),
  /** A password reset link of a person who has joined, by the hash of its token (see PasswordResetRepository). */
  passwordReset: (tenantId: string, tokenHash: string): ItemKey => ({
    pk: partition(tenantId, "RESET"),
    sk: tokenHash,
  }),
  /** A tenant's seats on one day (YYYY-MM-DD in the tenant's time zone). */
  seatSnapshot: (tenantId: string, date: string): ItemKey => ({
    pk: partition(tenantId, "USAGE"),
    sk: `SEATS#${date}`,
  }),
  customer: (tenantId: string, customerId: string): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: "PROFILE",
  }),
  /** One change to a customer, in the customer's partition, oldest first by sk. */
  customerChange: (tenantId: string, customerId: string, at: string, changeId: string): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: `HISTORY#${at}#${changeId}`,
  }),
  /** Who holds an email: uniqueness per tenant, claimed in the same transaction as the customer. */
  /** A person at a company customer, in the customer's partition. */
  contact: (tenantId: string, customerId: string, contactId: string): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: `CONTACT#${contactId}`,
  }),
  /** A purchase or refund, in the customer's partition, ordered by when it happened. */
  transaction: (
    tenantId: string,
    customerId: string,
    occurredAt: string,
    transactionId: string,
  ): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: `TXN#${occurredAt}#${transactionId}`,
  }),
  /** Who holds an external reference: importing the same one twice records one transaction. */
  externalRefClaim: (tenantId: string, externalRef: string): ItemKey => ({
    pk: partition(tenantId, `EXTREF#${externalRef}`),
    sk: "CLAIM",
  }),
  /** A customer's membership of a tag, listed by tag through gsi1. */
  customerTag: (tenantId: string, customerId: string, tag: string): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: `TAG#${tag}`,
  }),
  /**
   * One of the forms a customer is found under by ?q=, listed through gsi1:
   * its name (itself, later words, pinyin, initials), its phones (national
   * numbers) or its emails.
   */
  customerSearchKey: (
    tenantId: string,
    customerId: string,
    searchKey: string,
    kind: SearchKeyKind = "name",
  ): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: `${SEARCH_KEY_KINDS[kind].item}#${searchKey}`,
  }),
  /** A phone or email of a company's contact, under which the company is found: listed like a search key. */
  contactSearchKey: (
    tenantId: string,
    customerId: string,
    contactId: string,
    searchKey: string,
  ): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: `${CONTACT_SEARCH_KEYS}${contactId}#${searchKey}`,
  }),
  /**
   * The customer's place in its owner's list of a lifecycle stage (gsi2, by
   * name): a rep who sees only their own customers lists a stage from it.
   */
  customerStageListing: (tenantId: string, customerId: string): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: "STAGE",
  }),
  /** The customer's place in its RFM segment's list (by predicted value), listed through gsi1; written with its score. */
  customerSegment: (tenantId: string, customerId: string): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: "SCORE#SEGMENT",
  }),
  /** The customer's place in its churn-risk band's list (by value to date), listed through gsi1. */
  customerChurnRisk: (tenantId: string, customerId: string): ItemKey => ({
    pk: partition(tenantId, `CUST#${customerId}`),
    sk: "SCORE#CHURN",
  }),
  /** A scoring run: status, progress, checkpoint, fitted models and the night's summary; ids sort by time. */
  scoringRun: (tenantId: string, runId: string): ItemKey => ({
    pk: partition(tenantId, "SCORING"),
    sk: runId,
  }),
  /** Which run scores a night (a local date): the nightly job runs once per night. */
  scoringNight: (tenantId: string, date: string): ItemKey => ({
    pk: partition(tenantId, "SCORINGNIGHT"),
    sk: date,
  }),
  /** One of a run's value distributions (recency, frequency, monetary, revenue), kept for its second pass. */
  scoringDistribution: (tenantId: string, runId: string, name: string): ItemKey => ({
    pk: partition(tenantId, `SCORING#${runId}`),
    sk: `DIST#${name}`,
  }),
  /** One page of a night's compact record of each customer's segment: what migration matrices read. */
  segmentNight: (tenantId: string, date: string, page: number): ItemKey => ({
    pk: partition(tenantId, `SEGMENTS#${date}`),
    sk: String(page).padStart(6, "0"),
  }),
  emailClaim: (tenantId: string, email: string): ItemKey => ({
    pk: partition(tenantId, `EMAIL#${email}`),
    sk: "CLAIM",
  }),
  phoneClaim: (tenantId: string, phone: string): ItemKey => ({
    pk: partition(tenantId, `PHONE#${phone}`),
    sk: "CLAIM",
  }),
  /** What was done to whom, by whom: deletions, restores and erasures, kept without personal data. */
  auditEntry: (tenantId: string, at: string, entryId: string): ItemKey => ({
    pk: partition(tenantId, "AUDIT"),
    sk: `${at}#${entryId}`,
  }),
  /** An import or export: its settings, progress and counts, listed newest first (ids sort by time). */
  fileJob: (tenantId: string, kind: FileJobKind, jobId: string): ItemKey => ({
    pk: partition(tenantId, kind),
    sk: jobId,
  }),
  /** A piece of an import's uploaded file or an export's written file, in order; expires with the job. */
  filePart: (tenantId: string, kind: FileJobKind, jobId: string, part: number, chunk: number): ItemKey => ({
    pk: partition(tenantId, `${kind}#${jobId}`),
    sk: `PART#${String(part).padStart(5, "0")}#${String(chunk).padStart(3, "0")}`,
  }),
  /** A bad row an import run found, by run and row number. */
  importProblem: (tenantId: string, jobId: string, run: number, row: number, seq: number): ItemKey => ({
    pk: partition(tenantId, `IMPORT#${jobId}`),
    sk: `PROBLEM#${String(run).padStart(3, "0")}#${String(row).padStart(9, "0")}#${String(seq).padStart(2, "0")}`,
  }),
  idempotency: (tenantId: string, scope: string, key: string): ItemKey => ({
    pk: partition(tenantId, "IDEMPOTENCY"),
    sk: `${scope}#${key}`,
  }),
} as const;

/** Partitions that hold a collection, for queries. */
export const collections = {
  users: (tenantId: string) => partition(tenantId, "USER"),
  seatSnapshots: (tenantId: string) => partition(tenantId, "USAGE"),
  customer: (tenantId: string, customerId: string) => partition(tenantId, `CUST#${customerId}`),
  /** gsi1 partition of the tenant's customers, sorted by the search form of their names. */
  customersByName: (tenantId: string) => partition(tenantId, "CUSTOMERS"),
  /**
   * gsi1 partition of the customers' search keys of one kind (names; phones,
   * with contacts' phones; emails, with contacts' emails) that start with one
   * character: what ?q= searches. A prefix always has a first character, so
   * a search reads one small partition, and a big tenant's keys spread over many.
   */
  customerSearchKeys: (tenantId: string, searchKey: string, kind: SearchKeyKind = "name") =>
    partition(tenantId, `${SEARCH_KEY_KINDS[kind].list}#${[...searchKey][0] ?? ""}`),
  /** gsi1 partition of a tag's customers, by name. */
  customersByTag: (tenantId: string, tag: string) => partition(tenantId, `TAG#${tag}`),
  /** gsi2 partition of one owner's customers, most recent activity last in sort order. */
  customersByOwner: (tenantId: string, ownerId: string) => partition(tenantId, `OWNER#${ownerId}`),
  /**
   * gsi2 partition of one owner's customers in one list (a tag, a stage, a
   * segment, a churn band, or name search keys by first character): what a
   * rep who sees only their own customers reads, so their page holds only
   * theirs and costs only their reads. The listing items carry both this and
   * the tenant-wide gsi1 partition.
   */
  ownerListing: (tenantId: string, ownerId: string, list: OwnerList, value: string) =>
    partition(tenantId, `OWNER#${ownerId}#${list}#${value}`),
  /** gsi3 partition of soft-deleted customers, by when they were deleted. */
  deletedCustomers: (tenantId: string) => partition(tenantId, "DELETED"),
  /**
   * gsi2 partition of one owner's soft-deleted customers, by when they were
   * deleted: the Deleted list of a rep, who may restore their own.
   */
  deletedCustomersByOwner: (tenantId: string, ownerId: string) =>
    partition(tenantId, `OWNER#${ownerId}#DELETED`),
  audit: (tenantId: string) => partition(tenantId, "AUDIT"),
  fileJobs: (tenantId: string, kind: FileJobKind) => partition(tenantId, kind),
  fileJob: (tenantId: string, kind: FileJobKind, jobId: string) => partition(tenantId, `${kind}#${jobId}`),
  /** gsi1 partition of one RFM segment's customers, by predicted value. */
  customersBySegment: (tenantId: string, segment: string) => partition(tenantId, `SEGMENT#${segment}`),
  /** gsi1 partition of one churn-risk band's customers, by value to date. */
  customersByChurnRisk: (tenantId: string, band: string) => partition(tenantId, `CHURN#${band}`),
  scoringRuns: (tenantId: string) => partition(tenantId, "SCORING"),
  scoringRun: (tenantId: string, runId: string) => partition(tenantId, `SCORING#${runId}`),
  segmentNight: (tenantId: string, date: string) => partition(tenantId, `SEGMENTS#${date}`),
  /** gsi3 partition of the customers in one lifecycle stage, by name. */
  customersByStage: (tenantId: string, stage: string) => partition(tenantId, `STAGE#${stage}`),
} as const;

/**
 * The one index key not under a tenant: the listing of all tenants, for the
 * nightly dispatcher. Tenant sessions cannot query it (their LeadingKeys
 * condition needs "<tenantId>#"); only the dispatcher's role may.
 */
export const TENANT_LISTING = { index: "gsi1", partition: "TENANTS" } as const;
export const tenantListingKey = (tenantId: string) => ({
  gsi1pk: TENANT_LISTING.partition,
  gsi1sk: tenantId,
});

export type KeyKind = keyof typeof keys;

/** The lists a customer has an owner-scoped place in. */
export type OwnerList = "TAG" | "NAMES" | "PHONES" | "EMAILS" | "SEGMENT" | "CHURN" | "STAGE";

/** What a search key is of: each kind has its own lists, so a query reads only keys of its kind. */
export type SearchKeyKind = "name" | "phone" | "email";
/** Per kind of search key: the sort-key prefix of its items, and its lists (gsi1, and the owner's gsi2). */
export const SEARCH_KEY_KINDS = {
  name: { item: "NAME", list: "NAMES" },
  phone: { item: "PHONE", list: "PHONES" },
  email: { item: "EMAIL", list: "EMAILS" },
} as const satisfies Record<SearchKeyKind, { item: string; list: OwnerList }>;

/**
 * Keys of the limits table (LIMITS_TABLE_DESIGN), which holds only rate-limit
 * counters. They count requests that come before any tenant is known, so no
 * key has a tenant; the subject (an email, a client's address) is an HMAC
 * under the deployment's rate-limit key, never the value itself.
 */
export const limitKeys = {
  /** One rule's counter for one subject in one fixed window; sk is the window's start, epoch seconds. */
  counter: (rule: string, subjectHmac: string, windowStart: number): ItemKey => ({
    pk: `${rule}#${subjectHmac}`,
    sk: String(windowStart),
  }),
} as const;
