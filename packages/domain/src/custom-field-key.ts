import { pinyin } from "pinyin-pro";
import { isPrototypeName } from "./custom-field-names.js";

/**
 * Keys derived from labels. It reads Chinese with the pinyin dictionary, so
 * the API imports it at its use (a field added without a key), not at a cold
 * start; the web client imports it when its form opens.
 */
export { CUSTOM_FIELD_KEY, isPrototypeName } from "./custom-field-names.js";

const HAN_RUN = /(\p{Script=Han}+)/u;
const HAN = /^\p{Script=Han}+$/u;

/**
 * A custom field's key from its label, for the admin to keep or edit: Chinese
 * in toneless pinyin, one word per run of characters (预算 → yusuan,
 * 客户等级 → kehudengji, VIP等级 → vip_dengji), other letters lower case
 * without accents, anything else a single "_" ("Budget 2026" → budget_2026).
 * A key must start with a letter: one that would not gets "f_" before it
 * ("2026 目标" → f_2026_mubiao); one every JS object has gets _2 after it
 * ("Constructor" → constructor_2). A label with nothing to read gives "".
 */
export function customFieldKeyFrom(label: string): string {
  const words = label
    .normalize("NFKC")
    .split(HAN_RUN)
    .map((part) =>
      HAN.test(part)
        ? pinyin(part, { toneType: "none", type: "array", v: true }).join("")
        : part.normalize("NFKD").replace(/\p{Mark}/gu, ""),
    );
  const key = words
    .join(" ")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!key) return "";
  return freeCustomFieldKey((/^[a-z]/.test(key) ? key : `f_${key}`).slice(0, 40).replace(/_+$/, ""), []);
}

/**
 * The key, or the key with _2, _3… after it when the first is taken (by a
 * field in force or a removed one) or is a name every JS object has.
 */
export function freeCustomFieldKey(key: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const free = (candidate: string) => !used.has(candidate) && !isPrototypeName(candidate);
  if (free(key)) return key;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${key.slice(0, 40 - suffix.length).replace(/_+$/, "")}${suffix}`;
    if (free(candidate)) return candidate;
  }
}

/**
 * The key for a new field with these labels: from the label in the given
 * language (the admin's, or the company's), else from the other one.
 */
export function customFieldKeyForLabels(
  label: { en: string; "zh-CN": string },
  lang: "en" | "zh-CN",
): string {
  const [first, second] = lang === "en" ? [label.en, label["zh-CN"]] : [label["zh-CN"], label.en];
  return customFieldKeyFrom(first) || customFieldKeyFrom(second) || "field";
}
