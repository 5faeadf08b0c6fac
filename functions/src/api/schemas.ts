import {
  AcceptInvitationInputSchema,
  ChangePasswordInputSchema,
  ForgotPasswordInputSchema,
  InviteUserInputSchema,
  LoginInputSchema,
  PlanSchema,
  RefreshInputSchema,
  ResetPasswordInputSchema,
  SignupInputSchema,
  TenantSettingsPatchSchema,
  TenantSettingsSchema,
  UserPatchSchema,
  UserSchema,
} from "@crm/domain";
import { z } from "@hono/zod-openapi";

/**
 * The API's named schemas: the domain's zod schemas, registered once under the
 * names the OpenAPI document shows. Validation and description share them.
 */
export const User = UserSchema.meta({ id: "User" });
export const Settings = TenantSettingsSchema.meta({ id: "TenantSettings" });
export const SettingsPatch = TenantSettingsPatchSchema.meta({ id: "TenantSettingsPatch" });
export const SignupInput = SignupInputSchema.meta({ id: "SignupInput" });
export const LoginInput = LoginInputSchema.meta({ id: "LoginInput" });
export const RefreshInput = RefreshInputSchema.meta({ id: "RefreshInput" });
export const InviteUserInput = InviteUserInputSchema.meta({ id: "InviteUserInput" });
export const UserPatch = UserPatchSchema.meta({ id: "UserPatch" });
export const AcceptInvitationInput = AcceptInvitationInputSchema.meta({ id: "AcceptInvitationInput" });
export const ChangePasswordInput = ChangePasswordInputSchema.meta({ id: "ChangePasswordInput" });
export const ForgotPasswordInput = ForgotPasswordInputSchema.meta({ id: "ForgotPasswordInput" });
export const ResetPasswordInput = ResetPasswordInputSchema.meta({ id: "ResetPasswordInput" });

export const Session = z
  .object({
    accessToken: z.string().openapi({ description: "Send as Authorization: Bearer <accessToken>." }),
    refreshToken: z.string(),
    expiresIn: z.number().int().openapi({ description: "Seconds until accessToken expires." }),
    tokenType: z.literal("Bearer"),
  })
  .meta({ id: "Session" });

export const Invitation = z
  .object({
    token: z.string(),
    url: z.string().openapi({ description: "The link to send the invited person." }),
    expiresAt: z.string(),
    emailed: z.boolean().openapi({ description: "Whether the link was emailed to the person as well." }),
    notEmailedReason: z.enum(["recipient-limit", "tenant-limit", "not-sent"]).optional().openapi({
      description:
        "Set when `emailed` is false: `recipient-limit`, this address had its invitation mails for the hour; `tenant-limit`, the company had its invitation mails for the hour; `not-sent`, mail is off or sending failed. The link works all the same: hand it over.",
    }),
  })
  .meta({ id: "Invitation" });

export const PasswordResetLink = z
  .object({
    token: z.string(),
    url: z.string().openapi({ description: "The link to hand the person: it sets a new password, once." }),
    expiresAt: z.string(),
    emailed: z.boolean().openapi({ description: "Whether the link was emailed to the person as well." }),
  })
  .meta({ id: "PasswordResetLink" });

export const InvitedUser = User.extend({ invitation: Invitation }).meta({ id: "InvitedUser" });

export const VersionedSettings = Settings.extend({
  version: z.number().int(),
  updatedAt: z.string(),
}).meta({ id: "VersionedTenantSettings" });

export const Tenant = z
  .object({ id: z.string(), plan: PlanSchema, createdAt: z.string(), settings: Settings })
  .meta({ id: "Tenant" });

export const SignupResult = z
  .object({ tenantId: z.string(), plan: PlanSchema, settings: Settings, admin: User })
  .meta({ id: "SignupResult" });

/** The {id} of a path: a user, a customer. */
export const IdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const idempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .optional()
    .openapi({ description: "A UUID per logical request; a retry with the same key creates nothing new." }),
});

export const ifMatchHeader = z.object({
  "if-match": z.string().optional().openapi({
    description:
      'The ETag of the version the edit was made against, such as "3". Compared strongly: a weak tag (W/"3") never matches.',
  }),
});

export const json = <T extends z.ZodType>(schema: T, description = "OK") => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { "application/json": { schema } },
});

/** A page cursor as clients see it: sealed, so it names nothing and works only for who got it, on that list. */
export const CursorParam = z.string().max(4096).optional().openapi({
  description:
    "The nextCursor of the previous page. Opaque and sealed: it works only for the user who got it, on the same list with the same filters.",
});

/** ?cursor=&limit= of every paged list. */
export const pageQuery = (defaultLimit: number) =>
  z.object({
    cursor: CursorParam,
    limit: z.coerce.number().int().min(1).max(100).default(defaultLimit),
  });

/** {items, nextCursor} of every paged list. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() });
