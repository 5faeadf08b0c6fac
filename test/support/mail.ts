import { crm } from "./api.js";

/** A mail as the mail catcher (maildev) keeps it, as far as the tests read it. */
export type CaughtMail = {
  id: string;
  subject: string;
  text: string;
  html: string;
  to: Array<{ address: string; name?: string }>;
  from: Array<{ address: string; name?: string }>;
  headers: Record<string, string>;
};

/** Every mail the shared stack sent to one address, oldest first, read through maildev's REST API. */
export async function mailsTo(address: string): Promise<CaughtMail[]> {
  const url = new URL("/api/email", crm().mailInboxUrl);
  url.searchParams.set("to.address", address);
  url.searchParams.set("sort", "asc");
  const response = await fetch(url);
  if (!response.ok) throw new Error(`mail catcher: ${response.status}`);
  return (await response.json()) as CaughtMail[];
}

/** Waits until `count` mails have reached the address (they are sent before the API answers, so rarely long). */
export async function waitForMails(address: string, count = 1, timeoutMs = 10_000): Promise<CaughtMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsTo(address);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`${address} got ${mails.length} mail(s), not ${count}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The one link to a page of the web client in a mail's plain text, and its token (the fragment). */
export function linkIn(mail: CaughtMail, page: "invite" | "reset-password"): { url: string; token: string } {
  const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map(([url]) => url);
  const found = links.filter((url) => new URL(url).pathname === `/${page}`);
  if (found.length !== 1) throw new Error(`expected one /${page} link in:\n${mail.text}`);
  const url = found[0] as string;
  return { url, token: decodeURIComponent(new URL(url).hash.slice(1)) };
}
