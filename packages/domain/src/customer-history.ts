import type { Customer } from "./customer.js";

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
  "source",
] as const satisfies ReadonlyArray<keyof Customer>;

export type FieldChange = { field: (typeof CUSTOMER_FIELDS)[number]; from: unknown; to: unknown };

/** The fields whose values differ, with old and new; an empty list means nothing changed. */
export function diffCustomer(before: Partial<Customer>, after: Partial<Customer>): FieldChange[] {
  return CUSTOMER_FIELDS.flatMap((field) => {
    const from = before[field] ?? null;
    const to = after[field] ?? null;
    return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ field, from, to }];
  });
}

/** One entry of a customer's change history. */
export type CustomerChange = {
  at: string;
  /** The user's id, and their name as it was then (history outlives renames and departures). */
  by: string;
  byName: string;
  action: "created" | "updated" | "deleted" | "restored" | "merged";
  changes: FieldChange[];
  /** For a merge: the customer merged in, and its name then. */
  mergedFrom?: { id: string; name: string };
};
