import type { Locale } from "@crm/domain";
import type { OutgoingMail } from "./mailer.js";

/**
 * The CRM's emails, in zh-CN and en, each with a plain-text and a simple
 * HTML body. Every name put into them (the person's, an admin's, the
 * company's) is written by someone of a tenant, and the mail goes from the
 * product's sender: each is made plain (plainName: no link a mail client
 * would make, at most NAME_LENGTH characters) and quoted in the subject and
 * bodies, escaped in the HTML and kept to one line in headers.
 */
type Recipient = { address: string; name: string; locale: Locale };

export type InvitationMail = {
  to: Recipient;
  companyName: string;
  inviterName: string;
  url: string;
  days: number;
};

export type PasswordResetMail = {
  to: Recipient;
  companyName: string;
  url: string;
  hours: number;
  /** Set when an admin issued the link; unset when the person asked for it. */
  adminName?: string;
};

const escapeHtml = (value: string) =>
  value.replace(
    /[&<>"']/g,
    (character) =>
      ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[character] ?? character,
  );

/** No line break or other control character reaches a header. */
const oneLine = (value: string) => value.replace(/[\p{Cc}\u2028\u2029]+/gu, " ").trim();

/** The most characters of a name an email shows. */
export const NAME_LENGTH = 40;

/**
 * A tenant-written name as an email shows it: one line with no invisible or
 * direction-changing characters (format characters are dropped, so none can
 * hide a dot); no link a mail client would make of it
 * (a scheme such as `http://` is dropped, and a dot between letters or digits,
 * which makes a host name, is written `[.]`: `http://evil.example/claim`
 * becomes `evil[.]example/claim`); cut to NAME_LENGTH characters.
 */
export function plainName(name: string): string {
  const plain = name
    .replace(/\p{Cf}+/gu, "")
    .replace(/[\p{Cc}\p{Zl}\p{Zp}\s]+/gu, " ")
    .replace(/[a-z\uFF41-\uFF5A][a-z0-9+.\-\uFF41-\uFF5A]*[:\uFF1A][/\uFF0F]{2}/gi, "")
    // The dots a host name may be written with: ".", and the full-width and ideographic ones IDNA reads as ".".
    .replace(/(?<=[\p{L}\p{N}])[.\u3002\uFF0E\uFF61](?=[\p{L}\p{N}])/gu, "[.]")
    .trim();
  const characters = [...plain];
  return characters.length <= NAME_LENGTH
    ? plain
    : `${characters
        .slice(0, NAME_LENGTH - 1)
        .join("")
        .trimEnd()}…`;
}

/** A name quoted as the mail's language quotes: plain text of someone's writing, not the product's. */
const quoted = (name: string, locale: Locale) =>
  locale === "zh-CN" ? `「${plainName(name)}」` : `“${plainName(name)}”`;

type Body = { greeting: string; paragraphs: string[]; button: string; after: string[] };

function compose(to: Recipient, subject: string, url: string, body: Body): OutgoingMail {
  const text = [body.greeting, ...body.paragraphs, url, ...body.after].join("\n\n");
  const paragraph = (line: string) => `<p>${escapeHtml(line)}</p>`;
  const html = [
    "<!doctype html>",
    `<html lang="${to.locale}"><head><meta charset="utf-8"><title>${escapeHtml(oneLine(subject))}</title></head>`,
    '<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1f2933;max-width:32rem">',
    paragraph(body.greeting),
    ...body.paragraphs.map(paragraph),
    `<p><a href="${escapeHtml(url)}" style="display:inline-block;padding:.6rem 1.2rem;background:#2563eb;color:#fff;border-radius:.4rem;text-decoration:none">${escapeHtml(body.button)}</a></p>`,
    `<p style="font-size:.85rem;word-break:break-all"><a href="${escapeHtml(url)}">${escapeHtml(url)}</a></p>`,
    ...body.after.map(paragraph),
    "</body></html>",
  ].join("\n");
  return { to: { address: to.address, name: plainName(to.name) }, subject: oneLine(subject), text, html };
}

export function invitationMail(mail: InvitationMail): OutgoingMail {
  const { to, url, days } = mail;
  const name = quoted(to.name, to.locale);
  const inviterName = quoted(mail.inviterName, to.locale);
  const companyName = quoted(mail.companyName, to.locale);
  if (to.locale === "zh-CN") {
    return compose(to, `${inviterName}邀请您加入${companyName}的 CRM`, url, {
      greeting: `${name}，您好：`,
      paragraphs: [`${inviterName}邀请您加入${companyName}的 CRM。打开下面的链接设置密码，即可登录：`],
      button: "设置密码",
      after: [
        `此链接只能使用一次，${days} 天内有效；管理员再发新链接后，旧链接即失效。`,
        "如果您没有预期收到此邮件，请忽略它。",
      ],
    });
  }
  return compose(to, `${inviterName} invited you to ${companyName} on CRM`, url, {
    greeting: `Hello ${name},`,
    paragraphs: [
      `${inviterName} invited you to join ${companyName} on CRM. Open this link to choose your password and sign in:`,
    ],
    button: "Choose a password",
    after: [
      `The link works once, for ${days} days; a newer link from your admin replaces it.`,
      "If you were not expecting this, ignore this email.",
    ],
  });
}

export function passwordResetMail(mail: PasswordResetMail): OutgoingMail {
  const { to, url, hours } = mail;
  const name = quoted(to.name, to.locale);
  const companyName = quoted(mail.companyName, to.locale);
  const adminName = mail.adminName === undefined ? undefined : quoted(mail.adminName, to.locale);
  if (to.locale === "zh-CN") {
    return compose(to, "重设您的 CRM 密码", url, {
      greeting: `${name}，您好：`,
      paragraphs: [
        adminName
          ? `${companyName}的管理员${adminName}为您发送了重设密码的链接。打开下面的链接设置新密码：`
          : `有人（希望是您本人）请求重设您在${companyName}的 CRM 账号密码。打开下面的链接设置新密码：`,
      ],
      button: "设置新密码",
      after: [
        `此链接只能使用一次，${hours} 小时内有效，且只有最新发出的链接有效。设置新密码后，您在其他设备上的登录会退出。`,
        "如果您没有请求重设密码，请忽略此邮件，您的密码不会改变。",
      ],
    });
  }
  return compose(to, "Reset your CRM password", url, {
    greeting: `Hello ${name},`,
    paragraphs: [
      adminName
        ? `${adminName}, an admin of ${companyName}, sent you a link to choose a new password for CRM. Open it to set your new password:`
        : `Someone (hopefully you) asked to reset the password of your CRM account at ${companyName}. Open this link to choose a new password:`,
    ],
    button: "Choose a new password",
    after: [
      `The link works once, for ${hours} ${hours === 1 ? "hour" : "hours"}, and only the newest link works. Setting a new password signs you out on your other devices.`,
      "If you did not ask for this, ignore this email: your password stays as it is.",
    ],
  });
}
