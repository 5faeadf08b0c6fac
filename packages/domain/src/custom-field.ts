import { z } from "zod";
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES } from "./constants.js";
import { isPrototypeName } from "./custom-field-names.js";
import { type CustomFieldValues, optionProblems } from "./custom-field-rules.js";
import type { FieldProblem } from "./errors.js";
import { addFieldProblems, fieldProblemsOf } from "./field-problems.js";
import { fieldIssue } from "./problems.js";

/** One language's label; left out or empty, that language shows the other one's. */
const OneLabel = z.string().trim().max(60).optional();

/** A field's label in zh-CN, en or both: one is enough (empty ones are left out). */
const LabelSchema = z
  .object({ en: OneLabel, "zh-CN": OneLabel })
  .strict()
  .transform(({ en, "zh-CN": zh }): { en?: string; "zh-CN"?: string } => ({
    ...(en && { en }),
    ...(zh && { "zh-CN": zh }),
  }))
  .refine((label) => Boolean(label.en || label["zh-CN"]), fieldIssue("label-required"));

/** A key or an option value an admin sends: not a name every JS object has (constructor, __proto__…). */
const notPrototypeName = <T extends z.ZodString>(schema: T) =>
  schema.refine((name) => !isPrototypeName(name), fieldIssue("reserved-name"));

const OptionsSchema = z
  .array(notPrototypeName(z.string().trim().min(1).max(60)))
  .max(100, "At most 100 options.")
  .refine((options) => new Set(options).size === options.length, fieldIssue("not-unique"));

/**
 * How each option reads in each language, by its value: the value stays the
 * stable key that records store and imports and the API use; a form shows
 * the reader's label (then the other language's, then the value).
 */
const OptionLabels = z
  .object({
    en: z.string().trim().min(1).max(60).optional(),
    "zh-CN": z.string().trim().min(1).max(60).optional(),
  })
  .strict();
const OptionLabelsSchema = z.record(z.string().max(60), OptionLabels);
/**
 * As sent: labels by a value every JS object has are refused like the option
 * (a record drops one by __proto__ without a word, so it is looked for first).
 */
const OptionLabelsRequestSchema = z.preprocess((labels, ctx) => {
  if (labels !== null && typeof labels === "object")
    for (const option of Object.keys(labels).filter(isPrototypeName))
      ctx.addIssue({ code: "custom", path: [option], input: labels, ...fieldIssue("reserved-name") });
  return labels;
}, OptionLabelsSchema);

/** A custom field as an admin defines it. */
export const CustomFieldRequestSchema = z
  .object({
    /** Left out, the key is derived from the label in the company's language (预算 → yusuan, "Budget 2026" → budget_2026). */
    key: z
      .string()
      .refine((key) => /^[a-z][a-z0-9_]{0,39}$/.test(key), fieldIssue("key-format"))
      .refine((key) => !isPrototypeName(key), fieldIssue("reserved-name"))
      .optional(),
    entity: z.enum(CUSTOM_FIELD_ENTITIES),
    label: LabelSchema,
    type: z.enum(CUSTOM_FIELD_TYPES),
    required: z.boolean().default(false),
    options: OptionsSchema.optional(),
    optionLabels: OptionLabelsRequestSchema.optional(),
  })
  .strict()
  .superRefine(optionRules);

/** What can change on a defined field: not its key, entity or type (stored values would stop fitting). */
export const CustomFieldPatchSchema = z
  .object({
    label: LabelSchema,
    required: z.boolean(),
    options: OptionsSchema,
    optionLabels: OptionLabelsRequestSchema,
  })
  .partial()
  .strict();
export type CustomFieldPatch = z.infer<typeof CustomFieldPatchSchema>;

export const CustomFieldSchema = z.object({
  key: z.string(),
  entity: z.enum(CUSTOM_FIELD_ENTITIES),
  label: LabelSchema,
  type: z.enum(CUSTOM_FIELD_TYPES),
  required: z.boolean(),
  options: z.array(z.string()).optional(),
  /** Each option's label in zh-CN and en, by its value (fields made before labels have none: the value is shown). */
  optionLabels: OptionLabelsSchema.optional(),
  /** A removed field keeps its definition, so values written under it stay readable with their label. */
  removedAt: z.string().optional(),
  version: z.number().int(),
});
export type CustomField = z.infer<typeof CustomFieldSchema>;
export type CustomFieldEntity = CustomField["entity"];

function optionRules(
  value: { type: string; options?: string[]; optionLabels?: Record<string, unknown> },
  ctx: z.RefinementCtx,
) {
  addFieldProblems(ctx, optionProblems(value));
}

const valueSchemas: Record<CustomField["type"], (field: CustomField) => z.ZodType> = {
  text: () => z.string().trim().min(1, "Enter a value or leave it out.").max(1000),
  number: () => z.number({ error: "Enter a number." }).finite(),
  date: () => z.iso.date("Use a date such as 2026-05-17."),
  boolean: () => z.boolean({ error: "Use true or false." }),
  select: (field) => z.enum(field.options as [string, ...string[]], { error: "Choose one of the options." }),
  multiselect: (field) =>
    z
      .array(z.enum(field.options as [string, ...string[]], { error: "Choose from the options." }))
      .transform((values) => [...new Set(values)]),
};

/**
 * The schema of an entity's custom field values, built from the fields in
 * force. On a new record required fields must be there; in a change, null
 * clears a field unless it is required. A key no field defines is refused.
 * Only the values' own properties count: they are read from a copy without
 * a prototype, so a key such as constructor (a field made before such keys
 * were refused) is never taken for the one every object inherits. Such a
 * field takes no value (storage cannot hold one by that name) and is never
 * required: a value for it is refused with reserved-name.
 */
export function customFieldValuesSchema(
  fields: CustomField[],
  entity: CustomFieldEntity,
  mode: "create" | "patch",
) {
  const inForce = fields.filter((field) => field.entity === entity && !field.removedAt);
  const shape = Object.fromEntries(
    inForce.map((field) => {
      if (isPrototypeName(field.key))
        return [
          field.key,
          z
            .unknown()
            .refine(() => false, fieldIssue("reserved-name"))
            .optional(),
        ];
      const value = valueSchemas[field.type](field);
      if (mode === "patch")
        return [field.key, field.required ? value.optional() : value.nullable().optional()];
      return [field.key, field.required ? value : value.optional()];
    }),
  );
  return z.preprocess(
    ownPropertiesOf,
    z.strictObject(shape, {
      error: (issue) => (issue.code === "unrecognized_keys" ? "No custom field has this key." : undefined),
    }),
  );
}

/** A plain object's own properties on an object with no prototype; anything else as it is. */
function ownPropertiesOf(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.assign(Object.create(null), value);
}

/**
 * Checks the custom field values of a request against the fields in force;
 * problems name their key (customFields.<key>), as the form shows them.
 */
export function checkCustomFields(
  fields: CustomField[],
  entity: CustomFieldEntity,
  mode: "create" | "patch",
  values: CustomFieldValues | undefined,
): { values?: CustomFieldValues; problems: FieldProblem[] } {
  if (values === undefined && mode === "patch") return { problems: [] };
  const result = customFieldValuesSchema(fields, entity, mode).safeParse(values ?? {});
  if (result.success) {
    const parsed = result.data as CustomFieldValues;
    return { values: Object.keys(parsed).length > 0 ? parsed : undefined, problems: [] };
  }
  return { problems: fieldProblemsOf(result.error, { input: values ?? {}, prefix: ["customFields"] }) };
}
