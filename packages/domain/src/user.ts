import { z } from "zod";
import { LOCALES, USER_STATUSES } from "./constants.js";
import { EmailSchema } from "./email.js";
import { nameSchema } from "./names.js";
import { PasswordSchema } from "./password.js";
import { fieldIssue } from "./problems.js";
import { RoleSchema } from "./roles.js";

/** invited: the account exists but its person has not set a password yet. */
export const UserStatusSchema = z.enum(USER_STATUSES);

export const UserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  active: z.boolean(),
  status: UserStatusSchema,
  /** The language the CRM writes to the person in (emails); unset: the tenant's. */
  locale: z.enum(LOCALES).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type User = z.infer<typeof UserSchema>;

export const InviteUserInputSchema = z
  .object({
    email: EmailSchema,
    name: nameSchema(120, "Enter the person's name."),
    role: RoleSchema,
    /** The language of the invitation email and of later emails to the person; unset: the tenant's. */
    locale: z.enum(LOCALES).optional(),
  })
  .strict();
export type InviteUserInput = z.infer<typeof InviteUserInputSchema>;

export const UserPatchSchema = z
  .object({ role: RoleSchema.optional(), active: z.boolean().optional() })
  .strict()
  .refine((patch) => patch.role !== undefined || patch.active !== undefined, fieldIssue("nothing-to-change"));
export type UserPatch = z.infer<typeof UserPatchSchema>;

export const AcceptInvitationInputSchema = z
  .object({ token: z.string().min(20).max(200), password: PasswordSchema })
  .strict();
