import type { CustomField } from "@crm/domain";
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES } from "@crm/domain/constants";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, request } from "../api";
import { useAction } from "../hooks/use-action";
import { type Lang, useI18n } from "../i18n";
import { labelOf, optionLabelOf } from "./custom-fields";
import { FormError, fieldErrorsUnder, ProgressBar, SelectField, TextField, useMessageText } from "./form";
import { Sheet } from "./sheet";

type OptionDraft = { zh: string; en: string };
type Draft = {
  entity: CustomField["entity"];
  type: CustomField["type"];
  en: string;
  zh: string;
  /** The key as the admin edited it; until then it follows the labels. */
  key: string | undefined;
  required: boolean;
  options: OptionDraft[];
};

const EMPTY: Draft = {
  entity: "customer",
  type: "text",
  en: "",
  zh: "",
  key: undefined,
  required: false,
  options: [{ zh: "", en: "" }],
};

type KeyModule = typeof import("@crm/domain/custom-field-key");

/**
 * The key maker (pinyin for Chinese labels), loaded with the form that needs
 * it: its pinyin dictionary stays out of the app's first download.
 */
function useKeyMaker(): KeyModule | undefined {
  const [keys, setKeys] = useState<KeyModule>();
  useEffect(() => {
    let current = true;
    import("@crm/domain/custom-field-key").then((module) => current && setKeys(module));
    return () => {
      current = false;
    };
  }, []);
  return keys;
}

/**
 * The options as the API takes them: each value a stable key made from its
 * label (the reader's language first, as the field's key), its labels in both
 * languages by that value.
 */
function optionsOf(drafts: OptionDraft[], lang: Lang, keys: KeyModule | undefined) {
  const options: string[] = [];
  const optionLabels: Record<string, { en?: string; "zh-CN"?: string }> = {};
  for (const draft of drafts) {
    const zh = draft.zh.trim();
    const en = draft.en.trim();
    if (!zh && !en) continue;
    const made = keys ? keys.customFieldKeyForLabels({ en, "zh-CN": zh }, lang) : en || zh;
    const value = keys ? keys.freeCustomFieldKey(made, options) : made;
    options.push(value);
    optionLabels[value] = { ...(en && { en }), ...(zh && { "zh-CN": zh }) };
  }
  return { options, optionLabels };
}

/** The admin's list of custom fields: what each entity's forms ask beyond the standard fields. */
export function CustomFieldsAdmin() {
  const { t, lang } = useI18n();
  const [fields, setFields] = useState<CustomField[]>([]);
  const [adding, setAdding] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const { data } = await request<{ items: CustomField[] }>("GET", "/custom-fields");
    setFields(data.items);
  }, []);
  useEffect(() => {
    load().catch(setError);
  }, [load]);

  return (
    <section className="card" aria-labelledby="custom-fields-title">
      <h2 id="custom-fields-title">{t("customFields.title")}</h2>
      <p className="lead">{t("customFields.hint")}</p>
      <FormError error={error} />
      {CUSTOM_FIELD_ENTITIES.map((entity) => {
        const inForce = fields.filter((field) => field.entity === entity && !field.removedAt);
        return (
          <div key={entity}>
            <h3>{t(`customFields.entity.${entity}`)}</h3>
            {inForce.length === 0 && <p className="empty">{t("customFields.none")}</p>}
            <ul className="list">
              {inForce.map((field) => (
                <li key={field.key} className="row">
                  <span className="row-main">
                    <strong>
                      {labelOf(field, lang)}
                      {field.required && " *"}
                    </strong>
                    <small>
                      {t(`customFields.type.${field.type}`)} · {field.key}
                      {field.options &&
                        ` · ${field.options.map((option) => optionLabelOf(field, option, lang)).join(", ")}`}
                    </small>
                  </span>
                  <button
                    type="button"
                    className="danger small"
                    onClick={async () => {
                      if (!window.confirm(t("customFields.removeConfirm", { label: labelOf(field, lang) })))
                        return;
                      await request("DELETE", `/custom-fields/${field.key}`).catch(setError);
                      await load();
                    }}
                  >
                    {t("customFields.remove")}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <button type="button" className="primary" onClick={() => setAdding(true)}>
        {t("customFields.add")}
      </button>
      {adding && (
        <Sheet title={t("customFields.add")} onClose={() => setAdding(false)}>
          <AddCustomField
            onAdded={async () => {
              setAdding(false);
              await load();
            }}
          />
        </Sheet>
      )}
    </section>
  );
}

function AddCustomField({ onAdded }: { onAdded: () => Promise<void> }) {
  const { t, lang } = useI18n();
  const messageText = useMessageText();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { error, busy, run } = useAction();
  const keys = useKeyMaker();
  const choosing = draft.type === "select" || draft.type === "multiselect";
  // Until the admin edits it, the key follows the label in their language (预算 → yusuan).
  const derivedKey =
    keys && (draft.zh.trim() || draft.en.trim())
      ? keys.customFieldKeyForLabels({ en: draft.en, "zh-CN": draft.zh }, lang)
      : "";
  const key = draft.key ?? derivedKey;
  // A label in neither language is a problem of the label as a whole: told at the first of the two.
  const labelErrors = (lang: "zh-CN" | "en") => {
    const whole =
      lang === "zh-CN" && error instanceof ApiError
        ? error.fieldProblemList.filter((one) => one.path === "label")
        : [];
    const errors = [...(fieldErrorsUnder(error, `label.${lang}`) ?? []), ...whole];
    return errors.length > 0 ? errors : undefined;
  };
  const setOption = (index: number, change: Partial<OptionDraft>) =>
    setDraft({
      ...draft,
      options: draft.options.map((option, at) => (at === index ? { ...option, ...change } : option)),
    });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      const { options, optionLabels } = optionsOf(draft.options, lang, keys);
      await request("POST", "/custom-fields", {
        body: {
          // Left empty, the API makes the key from the label as this form would.
          ...(key && { key }),
          entity: draft.entity,
          label: { en: draft.en, "zh-CN": draft.zh },
          type: draft.type,
          required: draft.required,
          ...(choosing && { options, optionLabels }),
        },
      });
      await onAdded();
    });
  };
  return (
    <form onSubmit={submit} noValidate>
      <SelectField
        label={t("customFields.entity")}
        name="entity"
        value={draft.entity}
        onChange={(event) => setDraft({ ...draft, entity: event.target.value as Draft["entity"] })}
        error={fieldErrorsUnder(error, "entity")}
      >
        {CUSTOM_FIELD_ENTITIES.map((entity) => (
          <option key={entity} value={entity}>
            {t(`customFields.entity.${entity}`)}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("customFields.labelZh")}
        name="labelZh"
        value={draft.zh}
        onChange={(event) => setDraft({ ...draft, zh: event.target.value })}
        error={labelErrors("zh-CN")}
      />
      <TextField
        label={t("customFields.labelEn")}
        name="labelEn"
        value={draft.en}
        onChange={(event) => setDraft({ ...draft, en: event.target.value })}
        error={labelErrors("en")}
        hint={t("customFields.labelHint")}
      />
      <TextField
        label={t("customFields.key")}
        name="key"
        value={key}
        autoCapitalize="none"
        autoCorrect="off"
        spellCheck={false}
        onChange={(event) => setDraft({ ...draft, key: event.target.value })}
        error={fieldErrorsUnder(error, "key")}
        hint={t("customFields.keyHint")}
      />
      <SelectField
        label={t("customFields.type")}
        name="type"
        value={draft.type}
        onChange={(event) => setDraft({ ...draft, type: event.target.value as Draft["type"] })}
        error={fieldErrorsUnder(error, "type")}
      >
        {CUSTOM_FIELD_TYPES.map((type) => (
          <option key={type} value={type}>
            {t(`customFields.type.${type}`)}
          </option>
        ))}
      </SelectField>
      {choosing && (
        <fieldset className="options-editor">
          <legend>{t("customFields.options")}</legend>
          <p className="hint">{t("customFields.optionsHint")}</p>
          {draft.options.map((option, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place, none reordered
            <div className="option-row" key={index}>
              <TextField
                label={t("customFields.optionZh", { n: String(index + 1) })}
                name={`option-${index}-zh`}
                value={option.zh}
                onChange={(event) => setOption(index, { zh: event.target.value })}
              />
              <TextField
                label={t("customFields.optionEn", { n: String(index + 1) })}
                name={`option-${index}-en`}
                value={option.en}
                onChange={(event) => setOption(index, { en: event.target.value })}
              />
              {draft.options.length > 1 && (
                <button
                  type="button"
                  className="secondary small"
                  aria-label={t("customFields.removeOption", { n: String(index + 1) })}
                  onClick={() =>
                    setDraft({ ...draft, options: draft.options.filter((_, at) => at !== index) })
                  }
                >
                  ×
                </button>
              )}
            </div>
          ))}
          {(fieldErrorsUnder(error, "options") ?? fieldErrorsUnder(error, "optionLabels")) && (
            <small className="error">
              {messageText([
                ...(fieldErrorsUnder(error, "options") ?? []),
                ...(fieldErrorsUnder(error, "optionLabels") ?? []),
              ])}
            </small>
          )}
          <button
            type="button"
            className="secondary small"
            onClick={() => setDraft({ ...draft, options: [...draft.options, { zh: "", en: "" }] })}
          >
            {t("customFields.addOption")}
          </button>
        </fieldset>
      )}
      <label className="check">
        <input
          type="checkbox"
          checked={draft.required}
          onChange={(event) => setDraft({ ...draft, required: event.target.checked })}
        />{" "}
        {t("customFields.required")}
      </label>
      <FormError error={error} />
      {busy && <ProgressBar label={t("common.loading")} />}
      <button type="submit" className="primary" disabled={busy}>
        {t("customFields.add")}
      </button>
    </form>
  );
}
