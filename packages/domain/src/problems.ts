/**
 * Every problem the API can answer, by its stable code. A client translates
 * the code (and the fields' codes); the English detail is for developers and
 * logs. Adding a code here without a zh-CN and an en text in the web client
 * fails a test (test/api/problem-codes.test.ts).
 */
export type ProblemKind =
  | "validation"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "gone"
  | "conflict"
  | "precondition-failed"
  | "precondition-required"
  | "payload-too-large"
  | "unsupported-media-type"
  | "method-not-allowed"
  | "misdirected"
  | "unprocessable"
  | "too-many-requests"
  | "internal"
  | "unavailable";

type ProblemEntry = { kind: ProblemKind; detail: string };

export const PROBLEMS = {
  // 400: the request itself; `errors` lists each field's problem.
  "invalid-fields": { kind: "validation", detail: "The request has invalid fields." },
  "body-not-json": { kind: "validation", detail: "The body is not valid JSON." },
  "cursor-invalid": { kind: "validation", detail: "The cursor is not valid for this list." },
  "idempotency-key-invalid": {
    kind: "validation",
    detail: "Idempotency-Key must be 8 to 200 visible ASCII characters.",
  },
  // 401
  "credentials-wrong": { kind: "unauthenticated", detail: "The email or password is wrong." },
  "token-missing": { kind: "unauthenticated", detail: "Send the header Authorization: Bearer <token>." },
  "token-invalid": { kind: "unauthenticated", detail: "The token is not valid. Sign in again." },
  "account-deactivated": { kind: "unauthenticated", detail: "This account has been deactivated." },
  "sign-in-again": { kind: "unauthenticated", detail: "Sign in again." },
  // 403
  "role-forbidden": { kind: "forbidden", detail: "Your role does not allow this." },
  "reps-own-created-customers": { kind: "forbidden", detail: "Reps own the customers they create." },
  "reps-merge-own-customers": { kind: "forbidden", detail: "Reps merge only customers they own." },
  "reps-may-not-hand-over": {
    kind: "forbidden",
    detail: "Your company does not let reps hand their customers to a colleague. Ask a manager.",
  },
  "reps-hand-over-own-customers": { kind: "forbidden", detail: "Reps hand over only customers they own." },
  "reps-see-own-segments": {
    kind: "forbidden",
    detail: "Your company shows reps only their own customers: open your segment lists instead.",
  },
  // 404
  "route-not-found": { kind: "not-found", detail: "There is no such route." },
  "customer-not-found": { kind: "not-found", detail: "The customer was not found." },
  "restorable-customer-not-found": {
    kind: "not-found",
    detail: "A deleted customer that can still be restored was not found.",
  },
  "contact-not-found": { kind: "not-found", detail: "The contact was not found." },
  "transaction-not-found": { kind: "not-found", detail: "The transaction was not found." },
  "user-not-found": { kind: "not-found", detail: "The user was not found." },
  "custom-field-not-found": { kind: "not-found", detail: "The custom field was not found." },
  "settings-not-found": { kind: "not-found", detail: "The tenant's settings were not found." },
  "import-not-found": { kind: "not-found", detail: "The import was not found." },
  "export-not-found": { kind: "not-found", detail: "The export was not found." },
  "scoring-run-not-found": { kind: "not-found", detail: "The scoring run was not found." },
  // 405
  "method-not-allowed": { kind: "method-not-allowed", detail: "This method is not allowed here." },
  // 409
  "customer-exists": { kind: "conflict", detail: "This customer exists already." },
  "email-of-other-customer": { kind: "conflict", detail: "This email belongs to another customer." },
  "phone-of-other-customer": { kind: "conflict", detail: "This phone number belongs to another customer." },
  "external-ref-of-other-customer": {
    kind: "conflict",
    detail: "This external reference was recorded for another customer.",
  },
  "transaction-voided": {
    kind: "conflict",
    detail: "This transaction is voided already: its reversal (and any correction) is in the list.",
  },
  "transaction-is-reversal": {
    kind: "conflict",
    detail:
      "This is a reversing entry: it only cancels another transaction and cannot be voided or corrected.",
  },
  "merge-currencies-differ": {
    kind: "conflict",
    detail: "These customers' purchases are in different currencies; they cannot be merged.",
  },
  "tenant-exists": { kind: "conflict", detail: "This tenant exists already." },
  "email-taken": { kind: "conflict", detail: "An account with this email exists already. Sign in instead." },
  "user-email-taken": { kind: "conflict", detail: "Someone with this email has an account already." },
  "last-admin": {
    kind: "conflict",
    detail: "A tenant must keep at least one active admin. Make someone else admin first.",
  },
  "custom-field-key-exists": {
    kind: "conflict",
    detail: "A custom field with this key exists already (perhaps removed).",
  },
  "invitation-joined-already": {
    kind: "conflict",
    detail: "This person has set a password already; they can sign in.",
  },
  "user-deactivated": { kind: "conflict", detail: "This person is deactivated. Reactivate them first." },
  "invitation-being-issued": {
    kind: "conflict",
    detail: "Someone else is issuing a link for this person. Try again.",
  },
  "password-not-set": {
    kind: "conflict",
    detail: "This person has not set a password yet: send them a new invitation link instead.",
  },
  "person-has-no-contacts": {
    kind: "conflict",
    detail: "Only company customers have contacts: a person is their own contact.",
  },
  "scoring-run-under-way": { kind: "conflict", detail: "A scoring run is under way." },
  "import-running": { kind: "conflict", detail: "This import is running already." },
  "import-needs-header": { kind: "conflict", detail: "Upload the file first: part 1 holds its header row." },
  // `missingParts` lists them (`missing` as text, such as "2, 5–99"), `parts` is the highest part uploaded.
  "import-parts-missing": {
    kind: "conflict",
    detail:
      "Some parts of the file were not uploaded (see missingParts): upload them, then start the run again.",
  },
  "idempotency-in-progress": {
    kind: "conflict",
    detail: "A request with this Idempotency-Key is still running. Retry shortly.",
  },
  // 410
  "customer-merged": { kind: "gone", detail: "This customer was merged into another." },
  "invitation-gone": {
    kind: "gone",
    detail:
      "This invitation link has been used or replaced by a newer one, or it has expired. Ask your admin for a new link.",
  },
  "password-reset-gone": {
    kind: "gone",
    detail:
      "This password reset link has been used or replaced by a newer one, or it has expired. Ask for a new link.",
  },
  // 412 / 428
  "version-stale": {
    kind: "precondition-failed",
    detail:
      "This record was changed by someone else since you loaded it. Reload it and apply your change again.",
  },
  "version-unknown": {
    kind: "precondition-failed",
    detail: "If-Match does not name a version of this record.",
  },
  "version-required": {
    kind: "precondition-required",
    detail: "Send If-Match with the ETag of the version you edited.",
  },
  // 413 / 415 / 422
  "payload-too-large": { kind: "payload-too-large", detail: "The body is too large." },
  "unsupported-media-type": { kind: "unsupported-media-type", detail: "This content type is not accepted." },
  // An import's file that is not CSV text; `format` names what it looks like (png, xlsx, pdf…) when known.
  "import-file-workbook": {
    kind: "unsupported-media-type",
    detail:
      "This is a spreadsheet workbook, not a CSV file. Save it as CSV (CSV UTF-8) and upload that file.",
  },
  "import-file-not-text": {
    kind: "unsupported-media-type",
    detail: "This file is not text (an image, a PDF or another binary file), so it cannot be a CSV file.",
  },
  "import-file-encoding": {
    kind: "unsupported-media-type",
    detail: "This file's text is neither UTF-8 nor GBK. Save it as CSV UTF-8 and upload that file.",
  },
  "idempotency-key-reused": {
    kind: "unprocessable",
    detail: "This Idempotency-Key was used for a different request.",
  },
  // 421: the embedded stack serves only requests that name it by an IP address or localhost (DNS rebinding).
  "host-not-allowed": {
    kind: "misdirected",
    detail: "This server answers only requests addressed to an IP address or localhost.",
  },
  // 429: `retryAfterSeconds` says when.
  "tenant-throttled": {
    kind: "too-many-requests",
    detail: "Your company is sending requests faster than allowed. Retry shortly.",
  },
  "sign-in-locked": {
    kind: "too-many-requests",
    detail: "Too many failed sign-ins to this account. Try again later.",
  },
  "network-rate-limited": {
    kind: "too-many-requests",
    detail: "Too many requests from your network. Try again later.",
  },
  // 500 / 503
  internal: { kind: "internal", detail: "Something went wrong on our side. Try again." },
  "tenant-read-only": {
    kind: "unavailable",
    detail:
      "Your company's data is being moved to new storage. You can read it, but changes are paused for a few minutes. Retry shortly.",
  },
  // A service the API depends on (the database, the identity provider) cannot be reached; Retry-After says when to try again.
  "service-unavailable": {
    kind: "unavailable",
    detail: "The service is briefly unavailable. Retry in a few seconds.",
  },
} as const satisfies Record<string, ProblemEntry>;

export type ProblemCode = keyof typeof PROBLEMS;
export const PROBLEM_CODES = Object.keys(PROBLEMS) as ProblemCode[];

/**
 * What can be wrong with one field. The web client shows each in the
 * reader's language, with the params (`{maximum}`, …) the problem carries.
 */
export const FIELD_PROBLEMS = {
  required: "This field is required.",
  "wrong-type": "Expected {expected}.",
  "too-long": "At most {maximum} characters.",
  "too-short": "At least {minimum} characters.",
  "too-big": "At most {maximum}.",
  "too-small": "At least {minimum}.",
  "too-many": "At most {maximum} entries.",
  "too-few": "At least {minimum} entries.",
  "not-an-option": "Choose one of the options.",
  "not-accepted": "This field is not accepted here.",
  "bad-format": "This is not in the expected format.",
  "not-email": "Enter a valid email address.",
  "not-integer": "Enter a whole number.",
  "not-unique": "Entries must differ.",
  "not-date": "Use a date such as 2026-05-17.",
  "not-datetime": "Use a time such as 2026-11-22T10:00:00Z.",
  "in-the-future": "This time is in the future: use one no later than {latest}.",
  "not-amount": "Not an amount in this currency.",
  "nothing-to-change": "Change at least one field.",
  "phone-invalid": "Not a valid phone number.",
  "companies-only": "Only companies have this.",
  "currency-unknown": "Use an ISO 4217 currency code such as CNY or USD.",
  "time-zone-unknown": "Use an IANA time zone such as Asia/Shanghai.",
  "region-unknown": "Use a two-letter region code such as CN or US.",
  "invalid-characters": "Remove the characters that cannot be stored (a broken character was sent).",
  "key-format": "Use lowercase letters, digits, _ or -, starting with a letter or digit.",
  "reserved-name": "This name is reserved (such as constructor or __proto__): choose another.",
  "password-needs-lowercase": "Include a lowercase letter.",
  "password-needs-uppercase": "Include an uppercase letter.",
  "password-needs-digit": "Include a digit.",
  "options-required": "Give at least one option.",
  "label-required": "Give the field a label in Chinese or English (one is enough).",
  "options-not-allowed": "Only select fields have options.",
  "range-order": "The lower score comes first.",
  "rfm-cells-uncovered": "Every R-F-M cell needs a segment; none covers {cells}.",
  "abc-share-order": "Class A's share must be below class B's.",
  "churn-line-order": "The high-risk line must be below the medium one.",
  "mapping-no-such-column": "The file has no such column.",
  "mapping-not-importable": "Nothing can be imported into this.",
  "mapping-duplicate": "Another column is mapped here already.",
  "mapping-missing": "Map a column to {fields}.",
  "customer-reference-required": "Give the customer's id, email or phone.",
  "customer-reference-unknown": "No customer has this {by}.",
  "id-not-ours": "Not an id this CRM made; leave this column out.",
  "owner-unknown": "No active user has this email.",
  "owner-not-active": "Choose an active user of your company.",
  "merge-same-customer": "Choose another customer than the survivor.",
  "night-order": "Choose a night before the other.",
  "one-filter-only": "Filter by one of owner, stage, tag, segment or churn risk at a time.",
  "export-not-finished": "The export is not finished yet.",
  "part-out-of-range": "The file has {parts} part(s).",
  "part-empty": "The part is empty.",
  "cursor-foreign": "Use the nextCursor of the same list, or start without one.",
  "idempotency-key-format": "8 to 200 visible ASCII characters, such as a UUID.",
  "invitation-link-malformed": "This link is not valid or has expired. Ask your admin for a new one.",
  "reset-link-malformed": "This link is not valid or has expired. Ask for a new one.",
  "password-wrong": "The current password is wrong.",
  "password-unchanged": "Choose a new password other than the current one.",
  "file-unclosed-quote": 'Line {line}: a quote (") opened here is never closed.',
  "file-row-too-large": "Line {line}: the row is longer than {limit} bytes.",
  "file-too-many-columns": "Line {line}: the row has more than {limit} columns.",
  "email-of-other-customer": "This email belongs to another customer.",
  "phone-of-other-customer": "This phone number belongs to another customer.",
  "external-ref-of-other-customer": "Already recorded for another customer.",
  "currency-of-customer": "This customer's purchases are in {currency}.",
  "too-many-changes": "Too many changes at once: change fewer emails, phones or tags.",
  invalid: "This value is not valid.",
} as const;

export type FieldProblemCode = keyof typeof FIELD_PROBLEMS;

/** A field problem's English message, its params filled in. */
export const fieldMessage = (code: FieldProblemCode, params: Record<string, string | number> = {}) =>
  FIELD_PROBLEMS[code].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));

/** For a zod refinement or issue: its English message and the code clients translate. */
export const fieldIssue = (code: FieldProblemCode, params: Record<string, string | number> = {}) => ({
  message: fieldMessage(code, params),
  params: { ...params, code },
});
