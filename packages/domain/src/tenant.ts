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

export const SignupInputSchema = z
  .object({
    companyName: z.string().trim().min(1, "Enter the company name.").max(120),
    adminName: z.string().trim().min(1, "Enter your name.").max(120),
    adminEmail: EmailSchema,
    password: PasswordSchema,
    plan: PlanSchema.default("pooled"),
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
};
