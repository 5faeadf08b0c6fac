import { z } from "zod";

/** Emails are compared and stored lower-cased and trimmed: one person, one account. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email("Enter a valid email address.").max(254));
