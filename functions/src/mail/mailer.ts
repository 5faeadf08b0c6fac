/** One email as the CRM sends it: to one person, with a plain-text and a simple HTML body. */
export type OutgoingMail = {
  to: { address: string; name?: string };
  subject: string;
  text: string;
  html: string;
};

/**
 * The one outbound mail port. In AWS it is SES (ses-mailer.ts); in the
 * embedded stack SMTP to the mail catcher that `start` runs (smtp-mailer.ts).
 * Callers compose the mail (templates.ts) and never know which one sends it.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/** A sender written as `Name <address>` or a bare address: the address alone. */
export function addressOf(sender: string): string {
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(sender);
  return (match?.[1] ?? sender).trim();
}

/** `Name <address>`, with the name quoted when it needs to be; a bare address when there is no name. */
export function formatAddress(to: OutgoingMail["to"]): string {
  if (!to.name) return to.address;
  return `"${to.name.replace(/[\\"\r\n]/g, " ")}" <${to.address}>`;
}
