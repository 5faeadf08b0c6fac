import { z } from "zod";
import { PLANS } from "./constants.js";
import { EmailSchema } from "./email.js";
import { nameSchema } from "./names.js";
import { PasswordSchema } from "./password.js";
import { LocaleSchema, PhoneRegionSchema, TimeZoneSchema } from "./settings.js";

/** pooled: the shared table. dedicated: a table of the tenant's own, same design. */
export const PlanSchema = z.enum(PLANS);
export type Plan = z.infer<typeof PlanSchema>;

/**
 * A self-service signup makes a pooled tenant: the dedicated plan (a table of
 * the tenant's own) is an operator's action, `pnpm tenant:move` (docs/tenancy.md).
 * A `plan` field is refused like any other unknown field.
 */
export const SignupInputSchema = z
  .object({
    companyName: nameSchema(120, "Enter the company name."),
    adminName: nameSchema(120, "Enter your name."),
    adminEmail: EmailSchema,
    password: PasswordSchema,
    locale: LocaleSchema.optional().meta({
      description:
        "The company's language. Without it, taken from Accept-Language (zh → zh-CN), else en. Sets the currency, time zone and phone region it starts with.",
    }),
    timeZone: TimeZoneSchema.optional(),
    region: PhoneRegionSchema.optional().meta({
      description:
        "The two-letter region (CN, US, GB …) phone numbers without a country code are read in. Without it, the region of Accept-Language (en-GB → GB) in the company's language, else the language's usual one (zh-CN → CN, en → US).",
    }),
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
