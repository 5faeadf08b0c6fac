import type { CountryCode } from "libphonenumber-js";
import type { SearchMatch } from "./customer-search.js";
import { phoneNumbers, pinyinReader } from "./name-readings.js";
import { searchForm } from "./search-name.js";

/**
 * The one search box (`?q=`): a name, a phone or an email. What the query
 * looks like decides which it is (classifySearch); each kind has its own
 * lists of keys (by first character), so a query reads one index partition
 * and finds only keys of its kind.
 */

/** Digits and what people type between them in a phone number ("+86 (138) 1234-5678", "0086 138…"). */
const PHONE_TEXT = /^[+\d\s\-()./]*\d[+\d\s\-()./]*$/;

export type SearchQuery = {
  /** phone: the national number's digits; email: contains @; name: anything else. */
  kind: "phone" | "email" | "name";
  /** What the keys of the lists are compared with, by prefix. */
  key: string;
};

/**
 * How a search is read. Digits (with the spaces, dashes, brackets and the
 * leading + or 00 people type) are a phone: the national number, read with
 * the tenant's region ("+86 138-1234-5678", "138 1234 5678" and "1381234"
 * all become 138…; a trunk 0 goes: "010-1234" is 101234). Text with an @ is
 * an email (lower case; a prefix of an address finds it); anything else a
 * name. So a name of digits only ("1688") is not found by them: a query of
 * digits is a phone.
 */
export function classifySearch(query: string, phoneRegion?: string): SearchQuery {
  const text = query.normalize("NFKC").trim();
  if (PHONE_TEXT.test(text)) {
    // Without a region, digits are taken as they are typed (after a + and its country code).
    const typed = new (phoneNumbers().AsYouType)(phoneRegion as CountryCode | undefined);
    typed.input(text);
    return { kind: "phone", key: typed.getNationalNumber() };
  }
  const form = searchForm(query);
  return { kind: form.includes("@") ? "email" : "name", key: form };
}

/** The key a stored phone (E.164) is found under: its national number's digits (+8613812345678 by 138…). */
export function phoneSearchKey(e164: string): string {
  return phoneNumbers().parsePhoneNumberFromString(e164)?.nationalNumber ?? e164.replace(/\D/g, "");
}

/**
 * The keys phones and emails are found under, each with its kind and what
 * it matches: a phone by its national number, an email by its lower-case
 * address (so by any prefix of it, "wei@" or "wei@acme"). A key given twice is kept once.
 */
export function contactPointKeys(
  points: { phones: readonly string[]; emails: readonly string[] },
  contact?: { id: string; name: string },
): Array<{ kind: "phone" | "email"; key: string; match: SearchMatch }> {
  const found = new Map<string, { kind: "phone" | "email"; match: SearchMatch }>();
  const add = (kind: "phone" | "email", key: string, match: SearchMatch) => {
    if (key.length > 0 && !found.has(key))
      found.set(key, { kind, match: contact ? { ...match, contact } : match });
  };
  for (const phone of points.phones) add("phone", phoneSearchKey(phone), { field: "phones", value: phone });
  for (const email of points.emails) add("email", searchForm(email), { field: "emails", value: email });
  return [...found].map(([key, { kind, match }]) => ({ kind, key, match }));
}

const HAN = /\p{Script=Han}/u;
const SYLLABLE = /^[a-z]+$/;
/**
 * Between a Chinese character's syllable and the character: below every
 * letter, digit and space, so 西 (xi) sorts before 下 (xia), and 张 after
 * "zhang" and before "zhang wei" and "zhanga". (Names never hold it:
 * normalizeName removes control characters.)
 */
const AFTER_SYLLABLE = "\u0001";
/** An index sort key holds 1024 bytes; "#" and a customer's id follow the sort form. */
const MAX_SORT_FORM_BYTES = 900;
const syllables = new Map<string, string>();

/**
 * A Chinese character's syllable, read alone, never from the words around
 * it: a query (张, 中国银) must give the same prefix as the names it is a
 * prefix of. The first character of a text reads as a surname (单 is shan,
 * 曾 zeng).
 */
function syllableOf(character: string, first: boolean): string | undefined {
  const cacheKey = `${first ? "^" : ""}${character}`;
  let syllable = syllables.get(cacheKey);
  if (syllable === undefined) {
    const [read = ""] = pinyinReader()(character, {
      toneType: "none",
      type: "array",
      v: true,
      ...(first && { surname: "head" as const }),
    });
    syllable = read.trim().toLowerCase();
    syllables.set(cacheKey, syllable);
  }
  return SYLLABLE.test(syllable) ? syllable : undefined;
}

/**
 * The form that lists sort names by, and that a prefix of a name is compared
 * with on them: the search form with each Chinese character preceded by its
 * pinyin syllable, so Chinese names sort in pinyin order and among Latin
 * names by the same letters (张伟 sorts as "zhang wei", after "Zhang" and
 * before "Zhang Wei" and "Zhangsan"; characters of one syllable keep
 * together). A query goes through the same function, so begins_with still
 * finds a name by any prefix of it, in characters or (Latin) letters.
 */
export function sortForm(text: string): string {
  const form = searchForm(text);
  if (!HAN.test(form)) return truncateBytes(form);
  let out = "";
  let first = true;
  for (const character of form) {
    const syllable = HAN.test(character) ? syllableOf(character, first) : undefined;
    out += syllable === undefined ? character : `${syllable}${AFTER_SYLLABLE}${character}`;
    first = false;
  }
  return truncateBytes(out);
}

/**
 * Ends a sort form in an index sort key, before the customer's id: below
 * every character a name holds, so a name sorts before the longer names it
 * begins ("Zhang" before "Zhang Wei", 张 before 张伟), whatever the id.
 */
const SORT_FORM_END = "\u0001#";

/** The index sort key of a name (or a search key) of a customer: its sort form, then the customer's id. */
export function nameOrderKey(text: string, customerId: string): string {
  return `${sortForm(text)}${SORT_FORM_END}${customerId}`;
}

/** At most MAX_SORT_FORM_BYTES of UTF-8, cut between characters: the same cut for a name and a query. */
function truncateBytes(text: string): string {
  if (text.length * 3 <= MAX_SORT_FORM_BYTES) return text;
  let bytes = 0;
  let out = "";
  for (const character of text) {
    const point = character.codePointAt(0) ?? 0;
    const size = point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
    if (bytes + size > MAX_SORT_FORM_BYTES) break;
    bytes += size;
    out += character;
  }
  return out;
}
