import { pinyin } from "pinyin-pro";

/** What a custom field's key must look like: the API, imports and exports name the field by it. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;

const HAN_RUN = /(\p{Script=Han}+)/u;
const HAN = /^\p{Script=Han}+$/u;

/**
 * A custom field's key from its label, for the admin to keep or edit: Chinese
 * in toneless pinyin, one word per run of characters (预算 → yusuan,
 * 客户等级 → kehudengji, VIP等级 → vip_dengji), other letters lower case
 * without accents, anything else a single "_" ("Budget 2026" → budget_2026).
 * A key must start with a letter: one that would not gets "f_" before it
 * ("2026 目标" → f_2026_mubiao). A label with nothing to read gives "".
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
  return (/^[a-z]/.test(key) ? key : `f_${key}`).slice(0, 40).replace(/_+$/, "");
}

/** The key, or the key with _2, _3… after it when the first is taken (by a field in force or a removed one). */
export function freeCustomFieldKey(key: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(key)) return key;
  for (let n = 2; ; n++) {
    const suffix = `_${n}`;
    const candidate = `${key.slice(0, 40 - suffix.length).replace(/_+$/, "")}${suffix}`;
    if (!used.has(candidate)) return candidate;
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
