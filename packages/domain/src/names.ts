import { z } from "zod";
import { FIELD_PROBLEMS, fieldIssue } from "./problems.js";

/**
 * Names of people and companies as they are stored and searched: what a
 * person sees, without the invisible characters that make two equal-looking
 * names differ (张\u200b三 and 张三) or that turn the text around them (bidi
 * overrides). Pure string work, the same in the API and the browser.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether the text holds half of a UTF-16 pair on its own: no character at all, and unstorable as UTF-8. */
export const hasLoneSurrogate = (text: string) => LONE_SURROGATE.test(text);

const ZWNJ = "\u200C";
const ZWJ = "\u200D";
const WHITE_SPACE = /\p{White_Space}/u;
/** Controls, format characters (zero-width spaces and joiners, bidi marks, embeddings, overrides and isolates, BOM) and the rest of what Unicode says to draw as nothing. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;
/** What may sit before a joiner inside one emoji: the emoji, its skin tone, its emoji-style selector. */
const EMOJI_BEFORE_JOINER = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F/u;
const VARIATION_SELECTOR = /\p{Variation_Selector}/u;
const TAG = /[\u{E0020}-\u{E007F}]/u;
const BLACK_FLAG = "\u{1F3F4}";
/**
 * Scripts whose spelling uses the zero-width (non-)joiner between letters
 * (Persian می‌خواهم, Hindi conjuncts): there it is part of the word.
 */
const JOINING_SCRIPT =
  /[\p{scx=Arabic}\p{scx=Syriac}\p{scx=Nko}\p{scx=Devanagari}\p{scx=Bengali}\p{scx=Gurmukhi}\p{scx=Gujarati}\p{scx=Oriya}\p{scx=Tamil}\p{scx=Telugu}\p{scx=Kannada}\p{scx=Malayalam}\p{scx=Sinhala}]/u;
const LETTER_OR_MARK = /[\p{L}\p{M}]/u;

function keptJoiner(joiner: string, before: string | undefined, after: string | undefined): boolean {
  if (before === undefined || after === undefined) return false;
  if (joiner === ZWJ && EMOJI_BEFORE_JOINER.test(before) && PICTOGRAPHIC.test(after)) return true;
  return JOINING_SCRIPT.test(before) && LETTER_OR_MARK.test(before) && LETTER_OR_MARK.test(after);
}

/**
 * A name in the form it is stored and compared in: NFC; controls, zero-width
 * and bidi control characters removed (a joiner inside an emoji sequence such
 * as 👩‍💻, or inside a word of a script that spells with it, is kept; so is
 * a variation selector on a visible character and a flag's tag sequence);
 * every run of white space one space; no space at either end. A name with
 * nothing visible comes back empty. Check hasLoneSurrogate first: a lone
 * surrogate is refused, not repaired.
 */
export function normalizeName(raw: string): string {
  const chars = Array.from(raw.normalize("NFC"));
  const kept: string[] = [];
  const last = () => kept[kept.length - 1];
  chars.forEach((char, index) => {
    if (WHITE_SPACE.test(char)) {
      if (kept.length > 0 && last() !== " ") kept.push(" ");
    } else if (char === ZWJ || char === ZWNJ) {
      if (keptJoiner(char, last(), chars[index + 1])) kept.push(char);
    } else if (VARIATION_SELECTOR.test(char)) {
      const before = last();
      if (before !== undefined && before !== " " && !INVISIBLE.test(before)) kept.push(char);
    } else if (TAG.test(char)) {
      const before = last();
      if (before === BLACK_FLAG || (before !== undefined && TAG.test(before))) kept.push(char);
    } else if (!INVISIBLE.test(char)) {
      kept.push(char);
    }
  });
  // A dangling joiner (its emoji was followed by nothing pictographic) was never kept; trailing space is dropped here.
  return kept.join("").trimEnd();
}

/**
 * A name field of a request: a lone surrogate is refused (invalid-characters),
 * the rest normalised (normalizeName), then a name with nothing visible left is
 * refused (required) and the normalised length checked.
 */
export const nameSchema = (maximum: number, requiredMessage: string = FIELD_PROBLEMS.required) =>
  z
    .string()
    .refine((text) => !hasLoneSurrogate(text), { ...fieldIssue("invalid-characters"), abort: true })
    .overwrite(normalizeName)
    .min(1, requiredMessage)
    .max(maximum, fieldIssue("too-long", { maximum }).message);
