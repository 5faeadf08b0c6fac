import type { CustomField } from "@crm/domain";
import { useEffect, useState } from "react";
import { request } from "../api";
import { type Lang, useI18n } from "../i18n";
import { fieldErrorsUnder, SelectField, TextField, useMessageText } from "./form";

export type CustomValues = Record<string, unknown>;

/**
 * The tenant's custom fields of one entity, removed ones included (their
 * values stay readable). `known`: those the page has read already, used
 * instead of asking again.
 */
export function useCustomFields(entity: CustomField["entity"], known?: CustomField[]): CustomField[] {
  const [fields, setFields] = useState<CustomField[]>([]);
  const read = known === undefined;
  useEffect(() => {
    if (!read) return;
    let current = true;
    request<{ items: CustomField[] }>("GET", `/custom-fields?entity=${entity}`)
      .then(({ data }) => current && setFields(data.items))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [entity, read]);
  return known ?? fields;
}

/** A field's label in the reader's language, else in the other one (a label may be given in one only). */
export const labelOf = (field: Pick<CustomField, "label" | "key">, lang: Lang): string =>
  field.label[lang] ?? field.label[lang === "en" ? "zh-CN" : "en"] ?? field.key;

/** An option in the reader's language: its label there, else in the other language, else its value (older fields). */
export function optionLabelOf(field: Pick<CustomField, "optionLabels">, option: string, lang: Lang): string {
  const labels = field.optionLabels?.[option];
  return labels?.[lang] ?? labels?.[lang === "en" ? "zh-CN" : "en"] ?? option;
}

/** A value as a person reads it: options by their label in the reader's language when one is given. */
export function shownValue(
  field: CustomField | undefined,
  value: unknown,
  yes: string,
  no: string,
  lang?: Lang,
): string {
  const option = (one: unknown) =>
    field && lang && typeof one === "string" ? optionLabelOf(field, one, lang) : String(one);
  if (Array.isArray(value)) return value.map(option).join(", ");
  if (field?.type === "select") return option(value);
  if (typeof value === "boolean") return value ? yes : no;
  if (field?.type === "number" && typeof value === "number") return value.toLocaleString();
  return String(value);
}

/** Only the custom fields that differ, removed ones as null: what a change sends. */
export function changedCustomValues(
  before: CustomValues = {},
  after: CustomValues = {},
): CustomValues | undefined {
  const changed: CustomValues = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changed[key] = after[key] ?? null;
  }
  return Object.keys(changed).length > 0 ? changed : undefined;
}

/** Inputs for the fields in force, each by its type; an emptied input removes its value. */
export function CustomFieldInputs({
  fields,
  values,
  onChange,
  error,
}: {
  fields: CustomField[];
  values: CustomValues;
  onChange: (values: CustomValues) => void;
  error: unknown;
}) {
  const { t, lang } = useI18n();
  const messageText = useMessageText();
  const set = (key: string, value: unknown) => {
    const next = { ...values };
    if (value === "" || value === undefined || (Array.isArray(value) && value.length === 0)) delete next[key];
    else next[key] = value;
    onChange(next);
  };
  return (
    <>
      {fields
        .filter((field) => !field.removedAt)
        .map((field) => {
          const label = `${labelOf(field, lang)}${field.required ? " *" : ""}`;
          const problems = fieldErrorsUnder(error, `customFields.${field.key}`);
          const value = values[field.key];
          const name = `custom-${field.key}`;
          switch (field.type) {
            case "select":
              return (
                <SelectField
                  key={field.key}
                  label={label}
                  name={name}
                  value={typeof value === "string" ? value : ""}
                  onChange={(event) => set(field.key, event.target.value)}
                  error={problems}
                >
                  <option value="">—</option>
                  {field.options?.map((option) => (
                    <option key={option} value={option}>
                      {optionLabelOf(field, option, lang)}
                    </option>
                  ))}
                </SelectField>
              );
            case "multiselect": {
              const chosen = Array.isArray(value) ? (value as string[]) : [];
              return (
                <fieldset key={field.key} className={`field chips${problems ? " has-error" : ""}`}>
                  <legend>{label}</legend>
                  {field.options?.map((option) => (
                    <button
                      key={option}
                      type="button"
                      className="chip"
                      aria-pressed={chosen.includes(option)}
                      onClick={() =>
                        set(
                          field.key,
                          chosen.includes(option)
                            ? chosen.filter((one) => one !== option)
                            : [...chosen, option],
                        )
                      }
                    >
                      {optionLabelOf(field, option, lang)}
                    </button>
                  ))}
                  {problems && <small className="error">{messageText(problems)}</small>}
                </fieldset>
              );
            }
            case "boolean":
              return (
                <SelectField
                  key={field.key}
                  label={label}
                  name={name}
                  value={value === true ? "true" : value === false ? "false" : ""}
                  onChange={(event) =>
                    set(field.key, event.target.value === "" ? undefined : event.target.value === "true")
                  }
                  error={problems}
                >
                  <option value="">—</option>
                  <option value="true">{t("common.yes")}</option>
                  <option value="false">{t("common.no")}</option>
                </SelectField>
              );
            default:
              return (
                <TextField
                  key={field.key}
                  label={label}
                  name={name}
                  type={field.type === "date" ? "date" : field.type === "number" ? "number" : "text"}
                  inputMode={field.type === "number" ? "decimal" : undefined}
                  value={value === undefined ? "" : String(value)}
                  onChange={(event) => {
                    const text = event.target.value;
                    // A number goes as a number; what does not read as one is sent as typed, for the API to name.
                    set(
                      field.key,
                      field.type === "number" && text !== "" && Number.isFinite(Number(text))
                        ? Number(text)
                        : text,
                    );
                  }}
                  error={problems}
                />
              );
          }
        })}
    </>
  );
}
