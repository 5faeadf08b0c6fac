import { pinyinReader } from "./name-readings.js";
import { normalizeName } from "./names.js";

/** Joiners and variation selectors a stored name may keep (emoji, Persian): a search need not type them. */
const SPELLING_MARKS = /\u200c|\u200d|\p{Variation_Selector}/gu;

/**
 * The form of a name that searching compares: the name normalised as it is
 * stored (normalizeName: no zero-width, control or bidi characters), then
 * NFKC (full-width "ＡＢＣ" and half-width "ABC" become one), lower case,
 * single spaces. A prefix of a name's search form finds it; a query goes
 * through the same function, so 张三 finds a name typed as 张\u200b三.
 */
export function searchForm(name: string): string {
  return normalizeName(name)
    .replace(SPELLING_MARKS, "")
    .normalize("NFKC")
    .toLowerCase()
    .trim()
    .replace(/\s+/g, " ");
}

const HAN = /\p{Script=Han}/u;
/** Enough to find "Acme Trading Company Limited" by "company"; more words add items, not findability. */
const MAX_WORD_KEYS = 3;
const MAX_KEY_LENGTH = 200;

/**
 * Every form under which a name is found by prefix: the name itself, each
 * later word ("Wei Zhang" by "zhang"), and for Chinese names their pinyin
 * with and without spaces and their initials (张伟 by "zhang", "zhang wei",
 * "zhangwei" or "zw"). Surnames read as surnames (单 is "shan").
 */
export function searchKeys(name: string): string[] {
  const form = searchForm(name);
  const found = new Set<string>([form]);
  const words = form.split(" ");
  for (let start = 1; start < words.length && start <= MAX_WORD_KEYS; start++) {
    found.add(words.slice(start).join(" "));
  }
  if (HAN.test(form)) {
    const syllables = pinyinReader()(form, {
      toneType: "none",
      type: "array",
      surname: "head",
      nonZh: "consecutive",
      v: true,
    })
      .map((syllable) => syllable.trim().toLowerCase())
      .filter((syllable) => syllable.length > 0);
    found.add(syllables.join(""));
    found.add(syllables.join(" "));
    found.add(syllables.map((syllable) => syllable[0]).join(""));
  }
  return [...found].filter((key) => key.length > 0).map((key) => key.slice(0, MAX_KEY_LENGTH));
}
