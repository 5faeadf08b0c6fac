import type { Customer } from "./customer.js";
import type { TransactionCorrectionRecord } from "./transaction-correction.js";

/** What a person can change on a customer, in the order history shows it. */
export const CUSTOMER_FIELDS = [
  "kind",
  "type",
  "name",
  "emails",
  "phones",
  "address",
  "birthday",
  "industry",
  "size",
  "ownerId",
  "tags",
  "lifecycleStage",
  "lifecycleStagePinned",
  "source",
] as const satisfies ReadonlyArray<keyof Customer>;

/** A changed field: one of CUSTOMER_FIELDS, or customFields.<key> for a custom field. */
export type FieldChange = { field: string; from: unknown; to: unknown };

const differ = (from: unknown, to: unknown) => JSON.stringify(from ?? null) !== JSON.stringify(to ?? null);

/** A custom field's value, never one every object inherits (a field keyed constructor). */
const ownValue = (values: Record<string, unknown> | undefined, key: string) =>
  values && Object.hasOwn(values, key) ? (values[key] ?? null) : null;

/** The fields whose values differ, with old and new; an empty list means nothing changed. */
export function diffCustomer(before: Partial<Customer>, after: Partial<Customer>): FieldChange[] {
  const standard = CUSTOMER_FIELDS.flatMap((field) =>
    differ(before[field], after[field])
      ? [{ field, from: before[field] ?? null, to: after[field] ?? null }]
      : [],
  );
  const keys = [
    ...new Set([...Object.keys(before.customFields ?? {}), ...Object.keys(after.customFields ?? {})]),
  ];
  const custom = keys.flatMap((key) => {
    const from = ownValue(before.customFields, key);
    const to = ownValue(after.customFields, key);
    return differ(from, to) ? [{ field: `customFields.${key}`, from, to }] : [];
  });
  // A stage chosen by hand pins it: the pin is no change of its own then (an unpin alone is one).
  const stageChanged = standard.some((change) => change.field === "lifecycleStage");
  return [
    ...standard.filter((change) => !(stageChanged && change.field === "lifecycleStagePinned")),
    ...custom,
  ];
}

/** One entry of a customer's change history. */
export type CustomerChange = {
  at: string;
  /** The user's id, and their name as it was then (history outlives renames and departures). */
  by: string;
  byName: string;
  action:
    | "created"
    | "updated"
    | "deleted"
    | "restored"
    | "merged"
    | "transaction-voided"
    | "transaction-corrected";
  changes: FieldChange[];
  /** For a merge: the customer merged in, and its name then. */
  mergedFrom?: { id: string; name: string };
  /** For a void or a correction: the entry voided, why, and the entries that reverse and replace it. */
  transaction?: TransactionCorrectionRecord;
};
