import { describe, expect, it } from "vitest";
import { invitationMail, NAME_LENGTH, passwordResetMail, plainName } from "./templates.js";

/**
 * Anything a mail client would make a link of: a scheme, or a host name (a
 * dot between letters or digits; the ideographic full stop, which ends the
 * Chinese texts' own sentences, is tested on names alone above).
 */
const LINKABLE = /[a-z][a-z0-9+.-]*:\/\/|[\p{L}\p{N}][.．｡][\p{L}\p{N}]/iu;

describe("names in emails", () => {
  it("drops schemes and brackets the dots of host names", () => {
    expect(plainName("http://evil.example")).toBe("evil[.]example");
    expect(plainName("Claim at HTTPS://evil.example/claim?x=1")).toBe("Claim at evil[.]example/claim?x=1");
    expect(plainName("www.evil.example")).toBe("www[.]evil[.]example");
    expect(plainName("mail me: prize@evil.example")).toBe("mail me: prize@evil[.]example");
    // Look-alike dots and letters, and invisible characters between them, change nothing.
    expect(plainName("evil。example")).toBe("evil[.]example");
    expect(plainName("ｅｖｉｌ．ｅｘａｍｐｌｅ")).toBe("ｅｖｉｌ[.]ｅｘａｍｐｌｅ");
    expect(plainName("ｈｔｔｐ：／／evil｡example")).toBe("evil[.]example");
    expect(plainName("evil\u200b.\u200bexample")).toBe("evil[.]example");
    expect(plainName("evil。example")).not.toMatch(/[\p{L}\p{N}]。[\p{L}\p{N}]/u);
    expect(plainName("\u202eelpmaxe.live")).toBe("elpmaxe[.]live");
  });

  it("leaves ordinary names as they are", () => {
    for (const name of [
      "王芳",
      "Anna-Lena O'Brien",
      "Dr. Li Wei",
      "星河贸易（上海）有限公司",
      "Acme & Co.",
    ]) {
      expect(plainName(name)).toBe(name);
    }
  });

  it(`cuts a name to ${NAME_LENGTH} characters, on one line`, () => {
    const cut = plainName(`${"很长的名字".repeat(20)}\r\nBcc: x`);
    expect([...cut]).toHaveLength(NAME_LENGTH);
    expect(cut.endsWith("…")).toBe(true);
    expect(plainName("a\r\nb")).toBe("a b");
  });

  it("quotes every tenant-written name and leaves no link in an invitation or a reset mail but the one sent", () => {
    const url = "https://crm.example/invite#t1.secret";
    const spam = "You won ¥10000! Claim at http://evil.example/claim";
    for (const locale of ["en", "zh-CN"] as const) {
      const mails = [
        invitationMail({
          to: { address: "a@example.com", name: spam, locale },
          companyName: "https://prize.example",
          inviterName: "www.evil.example",
          url,
          days: 7,
        }),
        passwordResetMail({
          to: { address: "a@example.com", name: spam, locale },
          companyName: "https://prize.example",
          adminName: "www.evil.example",
          url,
          hours: 24,
        }),
      ];
      for (const mail of mails) {
        // The HTML's words, without its tags (their styles hold numbers such as 1.5).
        const words = mail.html.replace(/<[^>]*>/g, "").replaceAll(url, "");
        expect(mail.html.match(/href="[^"]*"/g)).toEqual([`href="${url}"`, `href="${url}"`]);
        for (const part of [mail.subject, mail.text.replaceAll(url, ""), words]) {
          expect(part).not.toMatch(LINKABLE);
        }
        expect(mail.to.name).toBe("You won ¥10000! Claim at evil[.]example…");
      }
      const [open, close] = locale === "en" ? ["“", "”"] : ["「", "」"];
      expect(mails[0]?.subject).toContain(`${open}www[.]evil[.]example${close}`);
      expect(mails[0]?.subject).toContain(`${open}prize[.]example${close}`);
      expect(mails[1]?.text).toContain(`${open}www[.]evil[.]example${close}`);
      expect(mails[0]?.text).toContain(`${open}You won ¥10000! Claim at evil[.]example…${close}`);
    }
  });
});
