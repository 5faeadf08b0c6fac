import { z } from "zod";
import { EmailSchema } from "./email.js";
import { nameSchema } from "./names.js";
import { normalizePhone } from "./phone.js";
import { fieldIssue } from "./problems.js";

/** A person at a company customer. */
export const ContactSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  name: z.string(),
  title: z.string().optional(),
  emails: z.array(z.string()),
  phones: z.array(z.string()),
  primary: z.boolean(),
  customFields: z.record(z.string(), z.unknown()).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type Contact = z.infer<typeof ContactSchema>;

const contactFields = {
  name: nameSchema(200, "Enter the contact's name."),
  title: z.string().trim().max(100),
  emails: z.array(EmailSchema).max(10, "At most 10 emails."),
  phones: z.array(z.string().max(40)).max(10, "At most 10 phone numbers."),
  primary: z.boolean(),
  /** Checked against the tenant's custom fields by checkCustomFields. */
  customFields: z.record(z.string(), z.unknown()),
};

/** The shape of a new contact as sent. */
export const ContactRequestSchema = z
  .object({
    ...contactFields,
    title: contactFields.title.optional(),
    emails: contactFields.emails.default([]),
    phones: contactFields.phones.default([]),
    primary: contactFields.primary.default(false),
    customFields: contactFields.customFields.optional(),
  })
  .strict();

/** The shape of a change to a contact as sent; null clears the title. */
export const ContactPatchRequestSchema = z
  .object({ ...contactFields, title: contactFields.title.nullable() })
  .partial()
  .strict();

const phonesProblems = (phones: string[] | undefined, region: string, ctx: z.RefinementCtx) =>
  phones?.forEach((raw, index) => {
    if (!normalizePhone(raw, region))
      ctx.addIssue({ code: "custom", path: ["phones", index], ...fieldIssue("phone-invalid") });
  });

const normalized = (phones: string[], region: string) => [
  ...new Set(phones.map((raw) => normalizePhone(raw, region) ?? raw)),
];

export function newContactSchema(phoneRegion: string) {
  return ContactRequestSchema.superRefine((value, ctx) =>
    phonesProblems(value.phones, phoneRegion, ctx),
  ).transform((value) => ({
    ...value,
    phones: normalized(value.phones, phoneRegion),
    emails: [...new Set(value.emails)],
  }));
}
export type NewContact = z.output<ReturnType<typeof newContactSchema>>;

export function contactPatchSchema(phoneRegion: string) {
  return ContactPatchRequestSchema.superRefine((patch, ctx) => {
    if (Object.keys(patch).length === 0)
      ctx.addIssue({ code: "custom", path: [], ...fieldIssue("nothing-to-change") });
    phonesProblems(patch.phones, phoneRegion, ctx);
  }).transform((value) => ({
    ...value,
    ...(value.phones && { phones: normalized(value.phones, phoneRegion) }),
    ...(value.emails && { emails: [...new Set(value.emails)] }),
  }));
}
export type ContactPatch = z.output<ReturnType<typeof contactPatchSchema>>;
