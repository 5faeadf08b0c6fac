import type { CustomField } from "@crm/domain";
import { CUSTOM_FIELD_ENTITIES, CUSTOM_FIELD_TYPES } from "@crm/domain/constants";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { request } from "../api";
import { useAction } from "../hooks/use-action";
import { useI18n } from "../i18n";
import { labelOf } from "./custom-fields";
import { FormError, fieldErrorsUnder, ProgressBar, SelectField, TextField } from "./form";
import { Sheet } from "./sheet";

type Draft = {
  entity: CustomField["entity"];
  type: CustomField["type"];
  en: string;
  zh: string;
  key: string;
  required: boolean;
  options: string;
};

const EMPTY: Draft = {
  entity: "customer",
  type: "text",
  en: "",
  zh: "",
  key: "",
  required: false,
  options: "",
};

/** A key from an English label: "Annual budget" → annual_budget. */
const keyFrom = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 40);

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
                      {field.options && ` · ${field.options.join(", ")}`}
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
  const { t } = useI18n();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const { error, busy, run } = useAction();
  const choosing = draft.type === "select" || draft.type === "multiselect";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      await request("POST", "/custom-fields", {
        body: {
          key: draft.key || keyFrom(draft.en),
          entity: draft.entity,
          label: { en: draft.en, "zh-CN": draft.zh },
          type: draft.type,
          required: draft.required,
          ...(choosing && {
            options: draft.options
              .split(/[,，;；\n]+/)
              .map((option) => option.trim())
              .filter(Boolean),
          }),
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
        error={fieldErrorsUnder(error, "label.zh-CN")}
      />
      <TextField
        label={t("customFields.labelEn")}
        name="labelEn"
        value={draft.en}
        onChange={(event) => setDraft({ ...draft, en: event.target.value })}
        error={fieldErrorsUnder(error, "label.en")}
      />
      <TextField
        label={t("customFields.key")}
        name="key"
        value={draft.key}
        placeholder={keyFrom(draft.en)}
        autoCapitalize="none"
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
        <TextField
          label={t("customFields.options")}
          name="options"
          value={draft.options}
          onChange={(event) => setDraft({ ...draft, options: event.target.value })}
          error={fieldErrorsUnder(error, "options")}
          hint={t("customer.listHint")}
        />
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
