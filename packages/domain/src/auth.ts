import { z } from "zod";
import { EmailSchema } from "./email.js";

/** Login takes any password string: the policy applies when one is set, not when one is tried. */
export const LoginInputSchema = z
  .object({ email: EmailSchema, password: z.string().min(1).max(256) })
  .strict();
export const RefreshInputSchema = z.object({ refreshToken: z.string().min(1).max(8192) }).strict();
