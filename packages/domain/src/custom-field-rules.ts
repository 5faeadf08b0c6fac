import { type FieldProblem, fieldProblem } from "./errors.js";

/*
 * Rules of custom fields and their values that the data layer applies
 * (custom-field.ts has the schemas): apart from them so that it builds no
 * schema when a Lambda starts.
 */

/** At most this many fields per entity: enough for any real form, few enough to keep one item small. */
export const MAX_CUSTOM_FIELDS = 50;

/** Options belong to select fields, and select fields need them. */
export function optionProblems(value: {
  type: string;
  options?: string[];
  optionLabels?: Record<string, unknown>;
}): FieldProblem[] {
  const choosing = value.type === "select" || value.type === "multiselect";
  if (choosing && !value.options?.length) return [fieldProblem("options", "options-required")];
  if (!choosing && value.options) return [fieldProblem("options", "options-not-allowed")];
  if (!choosing && value.optionLabels) return [fieldProblem("optionLabels", "options-not-allowed")];
  // A label belongs to an option: one for a value that is not an option is a mistake to name.
  return Object.keys(value.optionLabels ?? {})
    .filter((option) => !value.options?.includes(option))
    .map((option) => fieldProblem(`optionLabels.${option}`, "not-an-option"));
}

/** After the options change: labels of options no longer there go with them. */
export function keptOptionLabels<
  Field extends { options?: string[]; optionLabels?: Record<string, unknown> },
>(field: Field): Field {
  if (!field.optionLabels) return field;
  const kept = Object.fromEntries(
    Object.entries(field.optionLabels).filter(([option]) => field.options?.includes(option)),
  );
  const { optionLabels: _dropped, ...rest } = field;
  return (Object.keys(kept).length > 0 ? { ...rest, optionLabels: kept } : rest) as Field;
}

export type CustomFieldValues = Record<string, unknown>;

/** Values after a change: null removes a value; values of removed fields stay as they were. */
export function applyCustomFieldChange(
  before: CustomFieldValues | undefined,
  change: CustomFieldValues | undefined,
): CustomFieldValues | undefined {
  if (!change) return before;
  const after = Object.fromEntries(
    Object.entries({ ...before, ...change }).filter(([, value]) => value !== null && value !== undefined),
  );
  return Object.keys(after).length > 0 ? after : undefined;
}
