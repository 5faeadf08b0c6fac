import type { FieldAccess } from "./conflicts";
import type { CustomValues } from "./custom-fields";

/** A list as people type it: parts apart by commas (either width), semicolons or lines. */
export const listOf = (text: string) =>
  text
    .split(/[,，;；\n]+/)
    .map((part) => part.trim())
    .filter(Boolean);

/** A form's draft: its fields as typed, and the record's custom fields. */
type Draft = { customFields: CustomValues };

/**
 * How a form's draft is compared field by field, to find edit conflicts:
 * `plain`, its own fields in the order a conflict is shown (text trimmed,
 * `lists` as lists, `flags` as true or false), then each custom field on its
 * own ("customFields.<key>").
 */
export function draftFields<D extends Draft>(shape: {
  plain: readonly string[];
  lists?: readonly string[];
  flags?: readonly string[];
}) {
  const field = (key: string): FieldAccess<D> => {
    if (key.startsWith("customFields.")) {
      const custom = key.slice("customFields.".length);
      return {
        key,
        get: (draft) => draft.customFields[custom] ?? null,
        set: (draft, value) => {
          const { [custom]: _old, ...rest } = draft.customFields;
          return {
            ...draft,
            customFields: value === null || value === undefined ? rest : { ...rest, [custom]: value },
          };
        },
      };
    }
    const typedIn = (draft: D) => (draft as unknown as Record<string, unknown>)[key];
    if (shape.flags?.includes(key)) {
      return { key, get: typedIn, set: (draft, value) => ({ ...draft, [key]: value === true }) };
    }
    const isList = shape.lists?.includes(key) ?? false;
    return {
      key,
      get: (draft) => (isList ? listOf(String(typedIn(draft))) : String(typedIn(draft)).trim()),
      set: (draft, value) => ({
        ...draft,
        [key]: Array.isArray(value) ? value.join(", ") : String(value ?? ""),
      }),
    };
  };
  /** Every field of the drafts: what a conflict is looked for in. */
  const fields = (...drafts: D[]): FieldAccess<D>[] =>
    [
      ...shape.plain,
      ...new Set(
        drafts.flatMap((draft) => Object.keys(draft.customFields).map((key) => `customFields.${key}`)),
      ),
    ].map(field);
  return { field, fields };
}
