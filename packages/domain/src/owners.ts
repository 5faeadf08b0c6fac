import { z } from "zod";
import { fieldIssue } from "./problems.js";
import type { Role } from "./roles.js";
import { sortForm } from "./search-keys.js";
import type { User } from "./user.js";

/**
 * Who may be named as an owner, as every role may read it: id, name and
 * whether they still work here. Emails and roles are left out: a rep needs a
 * name to put on a customer, not a list of addresses to write to or of who
 * the admins are.
 */
export const DirectoryEntrySchema = z.object({ id: z.string(), name: z.string(), active: z.boolean() });
export type DirectoryEntry = z.infer<typeof DirectoryEntrySchema>;

/** The tenant's people as the directory shows them, by name (deactivated ones too: they may still own customers). */
export const directoryOf = (users: Pick<User, "id" | "name" | "active">[]): DirectoryEntry[] =>
  inNameOrder(
    users.map(({ id, name, active }) => ({ id, name, active })),
    (person) => person.id,
  );

/**
 * People in the order customer lists sort names: by their sort form, Chinese
 * names in pinyin order among Latin ones (陈静, Ann, 赵小新 → Ann, 陈静,
 * 赵小新), the same names by `tiebreak`. The team list and the directory agree.
 */
export function inNameOrder<P extends { name: string }>(people: P[], tiebreak: (person: P) => string): P[] {
  const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return people
    .map((person) => ({ person, key: sortForm(person.name) }))
    .sort((a, b) => compare(a.key, b.key) || compare(tiebreak(a.person), tiebreak(b.person)))
    .map(({ person }) => person);
}

/** How many customers one reassignment request may move. */
const MAX_REASSIGN = 100;

/** Customers to give to one owner, each with the version it was chosen at. */
export const ReassignRequestSchema = z
  .object({
    ownerId: z.string().min(1).max(100),
    customers: z
      .array(z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1) }).strict())
      .min(1)
      .max(MAX_REASSIGN)
      .superRefine((customers, ctx) => {
        const seen = new Set<string>();
        customers.forEach((customer, index) => {
          if (seen.has(customer.id))
            ctx.addIssue({ code: "custom", path: [index, "id"], ...fieldIssue("not-unique") });
          seen.add(customer.id);
        });
      }),
  })
  .strict();
export type ReassignRequest = z.infer<typeof ReassignRequestSchema>;

/** Why an owner change is refused to this person; undefined when it is allowed (or changes nothing). */
export type OwnerChangeRefusal = "reps-may-not-hand-over" | "reps-hand-over-own-customers";

/**
 * Admins and managers reassign any customer. A rep may hand a customer they
 * own to a colleague only where the tenant allows it (repsMayHandOver), and
 * never takes or moves someone else's.
 */
export function ownerChangeRefusal(
  actor: { userId: string; role: Role },
  change: { from: string; to: string },
  repsMayHandOver: boolean,
): OwnerChangeRefusal | undefined {
  if (change.from === change.to || actor.role !== "rep") return undefined;
  if (!repsMayHandOver) return "reps-may-not-hand-over";
  if (change.from !== actor.userId) return "reps-hand-over-own-customers";
  return undefined;
}
