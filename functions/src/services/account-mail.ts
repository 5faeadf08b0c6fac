import type { TenantData } from "@crm/data";
import type { Locale, User } from "@crm/domain";
import type { ApiDeps } from "../api/env.js";
import { type InvitationMailRefusal, mayMailInvitation } from "../api/rate-limits.js";
import type { OutgoingMail } from "../mail/mailer.js";
import { invitationMail, passwordResetMail } from "../mail/templates.js";
import type { RequestLog } from "../observability.js";
import { linkUrl } from "./secret-links.js";

/**
 * The language an email to the person is written in: the one the request
 * names (the page a person asked from), else the person's own (chosen when
 * they were invited, or the language they signed up in), else the tenant's.
 */
async function localeFor(tenant: TenantData, user: Pick<User, "locale">, preferred?: Locale) {
  return preferred ?? user.locale ?? (await tenant.settings.get()).settings.locale;
}

/**
 * Sends one mail through the mail port. A mail that cannot be sent is
 * logged (never its body: it holds a secret link) and reported as false;
 * the request that wanted it goes on.
 */
async function send(deps: ApiDeps, log: RequestLog, kind: string, mail: OutgoingMail): Promise<boolean> {
  if (!deps.mailer) return false;
  try {
    await deps.mailer.send(mail);
    return true;
  } catch (error) {
    const { name, message } = error as Error;
    log.error("an email could not be sent", { kind, error: { name, message } });
    return false;
  }
}

/**
 * Whether an invitation link went by email too, and if not, why: a limit
 * (InvitationMailRefusal), or `not-sent` (no mail is configured, or sending failed).
 */
export type InvitationMailing =
  | { emailed: true }
  | { emailed: false; notEmailedReason: InvitationMailRefusal | "not-sent" };

/**
 * Emails an invitation link to the invited person, within the invitation
 * mail limits (per recipient, per tenant; see mayMailInvitation): past one,
 * no mail goes and the admin hands the link over.
 */
export async function mailInvitation(
  deps: ApiDeps,
  log: RequestLog,
  tenant: TenantData,
  options: { user: User; inviterName: string; token: string; days: number },
): Promise<InvitationMailing> {
  const notSent = { emailed: false, notEmailedReason: "not-sent" } as const;
  if (!deps.mailLinkBase || !deps.mailer) return notSent;
  const { user } = options;
  const refusal = await mayMailInvitation(deps, tenant.tenant.tenantId, user.email);
  if (refusal) {
    log.warn("an invitation was not emailed: a limit was reached", { limit: refusal });
    return { emailed: false, notEmailedReason: refusal };
  }
  const [locale, { settings }] = await Promise.all([localeFor(tenant, user), tenant.settings.get()]);
  const sent = await send(
    deps,
    log,
    "invitation",
    invitationMail({
      to: { address: user.email, name: user.name, locale },
      companyName: settings.companyName,
      inviterName: options.inviterName,
      url: linkUrl(deps.mailLinkBase, "invite", options.token),
      days: options.days,
    }),
  );
  return sent ? { emailed: true } : notSent;
}

/** Emails a password reset link to its person. False when no mail went. */
export async function mailPasswordReset(
  deps: ApiDeps,
  log: RequestLog,
  tenant: TenantData,
  options: { user: User; token: string; hours: number; adminName?: string; locale?: Locale },
): Promise<boolean> {
  if (!deps.mailLinkBase) return false;
  const { user } = options;
  const [locale, { settings }] = await Promise.all([
    localeFor(tenant, user, options.locale),
    tenant.settings.get(),
  ]);
  return send(
    deps,
    log,
    "password-reset",
    passwordResetMail({
      to: { address: user.email, name: user.name, locale },
      companyName: settings.companyName,
      url: linkUrl(deps.mailLinkBase, "reset-password", options.token),
      hours: options.hours,
      ...(options.adminName && { adminName: options.adminName }),
    }),
  );
}
