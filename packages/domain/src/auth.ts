import { z } from "zod";
import { LOCALES } from "./constants.js";
import { EmailSchema } from "./email.js";
import { PasswordSchema } from "./password.js";
import { fieldIssue } from "./problems.js";

/** Login takes any password string: the policy applies when one is set, not when one is tried. */
export const LoginInputSchema = z
  .object({ email: EmailSchema, password: z.string().min(1).max(256) })
  .strict();
export const RefreshInputSchema = z.object({ refreshToken: z.string().min(1).max(8192) }).strict();

/** Changing one's password: the current one proves it is the person, not someone at their unlocked phone. */
export const ChangePasswordInputSchema = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: PasswordSchema })
  .strict()
  .superRefine((input, context) => {
    if (input.newPassword === input.currentPassword) {
      context.addIssue({ code: "custom", path: ["newPassword"], ...fieldIssue("password-unchanged") });
    }
  });
export type ChangePasswordInput = z.infer<typeof ChangePasswordInputSchema>;

/** Asking for a reset link by email; `locale` is the language of the page asked from, for the email. */
export const ForgotPasswordInputSchema = z
  .object({ email: EmailSchema, locale: z.enum(LOCALES).optional() })
  .strict();

/** Setting a new password with a reset link's token. */
export const ResetPasswordInputSchema = z
  .object({ token: z.string().min(20).max(200), password: PasswordSchema })
  .strict();
