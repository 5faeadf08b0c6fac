import { z } from "zod";
import { COMPANY_SIZES, CUSTOMER_KINDS, CUSTOMER_TYPES, LIFECYCLE_STAGES } from "./constants.js";
import { kindProblems } from "./customer-checks.js";
import { EmailSchema } from "./email.js";
import { addFieldProblems } from "./field-problems.js";
import { nameSchema } from "./names.js";
import { normalizePhone } from "./phone.js";
import { fieldIssue } from "./problems.js";
import { CustomerScoreSchema } from "./scoring/customer-score.js";
import { PhoneRegionSchema } from "./settings.js";
import { PurchasesSchema } from "./transaction.js";

export const CustomerKindSchema = z.enum(CUSTOMER_KINDS);
export const CustomerTypeSchema = z.enum(CUSTOMER_TYPES);
export const LifecycleStageSchema = z.enum(LIFECYCLE_STAGES);
export type LifecycleStage = z.infer<typeof LifecycleStageSchema>;

export const AddressSchema = z
  .object({
    line1: z.string().trim().max(200).optional(),
    line2: z.string().trim().max(200).optional(),
    city: z.string().trim().max(100).optional(),
    region: z.string().trim().max(100).optional(),
    postalCode: z.string().trim().max(20).optional(),
    country: PhoneRegionSchema.optional(),
  })
  .strict();

const TagSchema = z.string().trim().min(1, "A tag cannot be empty.").max(40, "Keep tags to 40 characters.");

/** The fields a person may set on a customer; phones as typed, before normalisation. */
const customerFields = {
  kind: CustomerKindSchema,
  type: CustomerTypeSchema,
  name: nameSchema(200, "Enter the customer's name."),
  emails: z.array(EmailSchema).max(10, "At most 10 emails."),
  phones: z.array(z.string().max(40)).max(10, "At most 10 phone numbers."),
  address: AddressSchema,
  birthday: z.iso.date("Use a date such as 1990-05-17."),
  industry: z.string().trim().max(100),
  size: z.enum(COMPANY_SIZES),
  ownerId: z.string().min(1).max(100),
  tags: z.array(TagSchema).max(30, "At most 30 tags."),
  lifecycleStage: LifecycleStageSchema,
  source: z.string().trim().max(100),
  /** Checked against the tenant's custom fields by checkCustomFields. */
  customFields: z.record(z.string(), z.unknown()),
};

const unique = <T>(values: T[]) => [...new Set(values)];

/** Each phone that is not a valid number, reported at its own index (checked before anything is transformed). */
function validPhones(phoneRegion: string) {
  return (value: { phones?: string[] }, ctx: z.RefinementCtx) => {
    value.phones?.forEach((raw, index) => {
      if (!normalizePhone(raw, phoneRegion)) {
        ctx.addIssue({ code: "custom", path: ["phones", index], ...fieldIssue("phone-invalid") });
      }
    });
  };
}

/** Phones to E.164 with the tenant's region, repeats dropped; they were checked already. */
const normalizedPhones = (phones: string[], phoneRegion: string) =>
  unique(phones.map((raw) => normalizePhone(raw, phoneRegion) ?? raw));

function kindRules(value: Parameters<typeof kindProblems>[0], ctx: z.RefinementCtx) {
  addFieldProblems(ctx, kindProblems(value));
}

/** The shape of a new customer as sent; phones are read with the tenant's region by newCustomerSchema. */
export const CustomerRequestSchema = z
  .object({
    ...customerFields,
    type: customerFields.type.default("consumer"),
    emails: customerFields.emails.default([]),
    phones: customerFields.phones.default([]),
    tags: customerFields.tags.default([]),
    lifecycleStage: customerFields.lifecycleStage.default("prospect"),
    address: customerFields.address.optional(),
    birthday: customerFields.birthday.optional(),
    industry: customerFields.industry.optional(),
    size: customerFields.size.optional(),
    ownerId: customerFields.ownerId.optional(),
    source: customerFields.source.optional(),
    customFields: customerFields.customFields.optional(),
  })
  .strict();

/** The shape of a change to a customer as sent; null clears an optional field. */
export const CustomerPatchRequestSchema = z
  .object({
    ...customerFields,
    address: customerFields.address.nullable(),
    birthday: customerFields.birthday.nullable(),
    industry: customerFields.industry.nullable(),
    size: customerFields.size.nullable(),
    source: customerFields.source.nullable(),
    /** A stage set by hand is pinned (the nightly scoring leaves it); false hands it back to the scoring. */
    lifecycleStagePinned: z.boolean(),
  })
  .partial()
  .strict();

/** A new customer, validated against the tenant's phone region. */
export function newCustomerSchema(phoneRegion: string) {
  return CustomerRequestSchema.superRefine((value, ctx) => {
    kindRules(value, ctx);
    validPhones(phoneRegion)(value, ctx);
  }).transform((value) => ({
    ...value,
    phones: normalizedPhones(value.phones, phoneRegion),
    emails: unique(value.emails),
    tags: unique(value.tags),
  }));
}
export type NewCustomer = z.output<ReturnType<typeof newCustomerSchema>>;

/** A change to a customer: any of the fields, none of the bookkeeping. */
export function customerPatchSchema(phoneRegion: string) {
  return CustomerPatchRequestSchema.superRefine((patch, ctx) => {
    if (Object.keys(patch).length === 0)
      ctx.addIssue({ code: "custom", path: [], ...fieldIssue("nothing-to-change") });
    validPhones(phoneRegion)(patch, ctx);
  }).transform((value) => ({
    ...value,
    ...(value.phones && { phones: normalizedPhones(value.phones, phoneRegion) }),
    ...(value.emails && { emails: unique(value.emails) }),
    ...(value.tags && { tags: unique(value.tags) }),
  }));
}
export type CustomerPatch = z.output<ReturnType<typeof customerPatchSchema>>;

/** A customer as stored and shown. */
export const CustomerSchema = z.object({
  id: z.string(),
  kind: CustomerKindSchema,
  type: CustomerTypeSchema,
  name: z.string(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  address: AddressSchema.optional(),
  birthday: z.string().optional(),
  industry: z.string().optional(),
  size: z.enum(COMPANY_SIZES).optional(),
  ownerId: z.string(),
  tags: z.array(z.string()),
  lifecycleStage: LifecycleStageSchema,
  source: z.string().optional(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** When anyone last did something with the customer: "my customers" are sorted by it. */
  lastActivityAt: z.string(),
  purchases: PurchasesSchema,
  /** Set when a person chose the stage: the nightly scoring then leaves it. */
  lifecycleStagePinned: z.boolean().optional(),
  /** The nightly scores, absent for a customer without purchases. */
  score: CustomerScoreSchema.optional(),
  version: z.number().int(),
});
export type Customer = z.infer<typeof CustomerSchema>;

/** How a list of customers is read: along one index, optionally by name prefix, and for reps limited to their own, only theirs. */
export type CustomerListing = {
  by:
    | { name: true }
    | { ownerId: string }
    | { stage: string }
    | { tag: string }
    | { segment: string }
    | { churnRisk: string };
  prefix?: string;
  onlyOwnerId?: string;
};

/** The listing for a filter (owner already resolved from "me"); onlyOwnerId set for a rep who sees only their own. */
export function customerListing(
  filter: { q?: string; owner?: string; stage?: string; tag?: string; segment?: string; churnRisk?: string },
  onlyOwnerId?: string,
): CustomerListing {
  const by: CustomerListing["by"] = filter.owner
    ? { ownerId: onlyOwnerId ?? filter.owner }
    : filter.stage
      ? { stage: filter.stage }
      : filter.tag
        ? { tag: filter.tag }
        : filter.segment
          ? { segment: filter.segment }
          : filter.churnRisk
            ? { churnRisk: filter.churnRisk }
            : onlyOwnerId
              ? { ownerId: onlyOwnerId }
              : { name: true as const };
  return { by, prefix: filter.q, onlyOwnerId };
}
