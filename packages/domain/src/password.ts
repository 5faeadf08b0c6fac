import { z } from "zod";
import { fieldIssue } from "./problems.js";

/**
 * The password policy, defined once: the API validates with it and the user
 * pool (local and in AWS) is configured from it, so the two never disagree.
 */
export const PASSWORD_POLICY = {
  minLength: 10,
  maxLength: 128,
  requireLowercase: true,
  requireUppercase: true,
  requireDigits: true,
  requireSymbols: false,
} as const;

export const PasswordSchema = z
  .string()
  .min(PASSWORD_POLICY.minLength, `Use at least ${PASSWORD_POLICY.minLength} characters.`)
  .max(PASSWORD_POLICY.maxLength, `Use at most ${PASSWORD_POLICY.maxLength} characters.`)
  .refine((password) => /[a-z]/.test(password), fieldIssue("password-needs-lowercase"))
  .refine((password) => /[A-Z]/.test(password), fieldIssue("password-needs-uppercase"))
  .refine((password) => /[0-9]/.test(password), fieldIssue("password-needs-digit"));
