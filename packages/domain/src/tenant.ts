import { z } from "zod";
import { PLANS } from "./constants.js";
import { EmailSchema } from "./email.js";
import { PasswordSchema } from "./password.js";
import { LocaleSchema, TimeZoneSchema } from "./settings.js";

/** pooled: the shared table. dedicated: a table of the tenant's own, same design. */
export const PlanSchema = z.enum(PLANS);
export type Plan = z.infer<typeof PlanSchema>;

/** Tenant ids are fixed-length, so no tenant's id is a prefix of another's key. */
export const TENANT_ID_PATTERN = /^t[0-9a-f]{24}$/;
export const TenantIdSchema = z.string().regex(TENANT_ID_PATTERN, "Not a tenant id.");

/**
 * A self-service signup makes a pooled tenant: the dedicated plan (a table of
 * the tenant's own) is an operator's action, `pnpm tenant:move` (docs/tenancy.md).
 * A `plan` field is refused like any other unknown field.
 */
export const SignupInputSchema = z
  .object({
    companyName: z.string().trim().min(1, "Enter the company name.").max(120),
    adminName: z.string().trim().min(1, "Enter your name.").max(120),
    adminEmail: EmailSchema,
    password: PasswordSchema,
    locale: LocaleSchema.optional(),
    timeZone: TimeZoneSchema.optional(),
  })
  .strict();
export type SignupInput = z.infer<typeof SignupInputSchema>;

export type TenantRecord = {
  tenantId: string;
  plan: Plan;
  tableName: string;
  createdAt: string;
  /** Set while an operator moves the tenant to another table: its data may be read, not written. */
  readOnly?: boolean;
};
