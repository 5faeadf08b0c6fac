import type { Contact } from "@crm/domain";
import { type FormEvent, useState } from "react";
import { ApiError, request } from "../api";
import { useFormat } from "../format";
import { useAction } from "../hooks/use-action";
import { type MessageKey, useI18n } from "../i18n";
import { type Conflict, ConflictPanel, type FieldAccess, rebase } from "./conflicts";
import {
  CustomFieldInputs,
  type CustomValues,
  changedCustomValues,
  labelOf,
  shownValue,
  useCustomFields,
} from "./custom-fields";
import { FormError, fieldErrorsUnder, TextField } from "./form";
import { Sheet } from "./sheet";

/** A contact as the form edits it: lists as comma-separated text. */
type ContactDraft = {
  name: string;
  title: string;
  phones: string;
  emails: string;
  primary: boolean;
  customFields: CustomValues;
};

const list = (text: string) =>
  text
    .split(/[,，;；\n]+/)
    .map((part) => part.trim())
    .filter(Boolean);

const draftOf = (contact: Contact): ContactDraft => ({
  name: contact.name,
  title: contact.title ?? "",
  phones: contact.phones.join(", "),
  emails: contact.emails.join(", "),
  primary: contact.primary,
  customFields: contact.customFields ?? {},
});

const PLAIN = ["name", "title", "phones", "emails", "primary"] as const;

function contactField(key: string): FieldAccess<ContactDraft> {
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
  const plain = key as (typeof PLAIN)[number];
  if (plain === "primary")
    return { key, get: (draft) => draft.primary, set: (d, v) => ({ ...d, primary: v === true }) };
  const isList = plain === "phones" || plain === "emails";
  return {
    key,
    get: (draft) => (isList ? list(draft[plain]) : draft[plain].trim()),
    set: (draft, value) => ({
      ...draft,
      [plain]: Array.isArray(value) ? value.join(", ") : String(value ?? ""),
    }),
  };
}

const contactFields = (...drafts: ContactDraft[]) =>
  [
    ...PLAIN,
    ...new Set(
      drafts.flatMap((draft) => Object.keys(draft.customFields).map((key) => `customFields.${key}`)),
    ),
  ].map(contactField);

/** What changed from the version edited: only those fields, a cleared title as null. */
function patchOf(base: Contact, draft: ContactDraft): Record<string, unknown> {
  const before = draftOf(base);
  const patch: Record<string, unknown> = {};
  if (draft.name.trim() !== before.name) patch.name = draft.name.trim();
  if (draft.title.trim() !== before.title) patch.title = draft.title.trim() || null;
  for (const key of ["phones", "emails"] as const)
    if (JSON.stringify(list(draft[key])) !== JSON.stringify(list(before[key]))) patch[key] = list(draft[key]);
  if (draft.primary !== before.primary) patch.primary = draft.primary;
  const custom = changedCustomValues(base.customFields, draft.customFields);
  if (custom) patch.customFields = custom;
  return patch;
}

/**
 * Change a contact. A save that meets someone else's change (412) keeps what
 * was typed: the current version is read, fields only they changed are taken,
 * and each field both changed is shown as theirs against mine, to choose.
 */
export function EditContact({
  customerId,
  contact,
  onClose,
  onSaved,
}: {
  customerId: string;
  contact: Contact;
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { t, lang } = useI18n();
  const format = useFormat();
  const fields = useCustomFields("contact");
  const [draft, setDraft] = useState(() => draftOf(contact));
  const [base, setBase] = useState(contact);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const { error, busy, run } = useAction();
  const errors = (field: string) => fieldErrorsUnder(error, field);

  const save = async (mine: ContactDraft, against: Contact, attempts = 3): Promise<void> => {
    const patch = patchOf(against, mine);
    try {
      if (Object.keys(patch).length > 0) {
        await request("PATCH", `/customers/${customerId}/contacts/${contact.id}`, {
          ifMatch: `"${against.version}"`,
          body: patch,
        });
      }
    } catch (failure) {
      if (!(failure instanceof ApiError) || failure.problem.status !== 412 || attempts <= 1) throw failure;
      const { data } = await request<{ items: Contact[] }>("GET", `/customers/${customerId}/contacts`);
      const current = data.items.find((one) => one.id === contact.id);
      if (!current) throw failure;
      const [was, theirs] = [draftOf(against), draftOf(current)];
      const rebased = rebase(was, mine, theirs, contactFields(was, mine, theirs));
      setBase(current);
      setDraft(rebased.draft);
      setConflicts(rebased.conflicts);
      if (rebased.conflicts.length === 0) await save(rebased.draft, current, attempts - 1);
      return;
    }
    await onSaved();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      setConflicts([]);
      await save(draft, base);
    });
  };
  const label = (key: string) => {
    if (key.startsWith("customFields.")) {
      const field = fields.find((one) => `customFields.${one.key}` === key);
      return field ? labelOf(field, lang) : key.slice("customFields.".length);
    }
    if (key === "primary") return t("contacts.makePrimary");
    return t(
      (key === "phones" || key === "emails" ? `customer.field.${key}` : `contact.field.${key}`) as MessageKey,
    );
  };
  const shown = (key: string, value: unknown) => {
    if (typeof value === "boolean") return value ? t("common.yes") : t("common.no");
    if (Array.isArray(value))
      return value
        .map((one) => (key === "phones" && /^\+\d+$/.test(String(one)) ? format.phone(String(one)) : one))
        .join(", ");
    if (key.startsWith("customFields.")) {
      const field = fields.find((one) => `customFields.${one.key}` === key);
      return shownValue(field, value, t("common.yes"), t("common.no"), lang);
    }
    return String(value);
  };
  const set = (key: "name" | "title" | "phones" | "emails") => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });
  return (
    <Sheet title={t("contacts.edit", { name: contact.name })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ConflictPanel
          conflicts={conflicts}
          draft={draft}
          fields={conflicts.map((conflict) => contactField(conflict.key))}
          label={label}
          shown={shown}
          onChoose={setDraft}
        />
        <TextField
          label={t("contact.field.name")}
          name="name"
          value={draft.name}
          onChange={set("name")}
          error={errors("name")}
        />
        <TextField
          label={t("contact.field.title")}
          name="title"
          value={draft.title}
          onChange={set("title")}
          error={errors("title")}
        />
        <TextField
          label={t("customer.field.phones")}
          name="phones"
          type="tel"
          inputMode="tel"
          value={draft.phones}
          onChange={set("phones")}
          error={errors("phones")}
          hint={t("customer.listHint")}
        />
        <TextField
          label={t("customer.field.emails")}
          name="emails"
          type="email"
          inputMode="email"
          value={draft.emails}
          onChange={set("emails")}
          error={errors("emails")}
        />
        <CustomFieldInputs
          fields={fields}
          values={draft.customFields}
          onChange={(values) => setDraft({ ...draft, customFields: values })}
          error={error}
        />
        <label className="choice">
          <input
            type="checkbox"
            checked={draft.primary}
            onChange={(event) => setDraft({ ...draft, primary: event.target.checked })}
          />
          <span>{t("contacts.makePrimary")}</span>
        </label>
        <FormError
          error={
            errors("name") ||
            errors("title") ||
            errors("phones") ||
            errors("emails") ||
            errors("customFields")
              ? null
              : error
          }
        />
        <button type="submit" className="primary" disabled={busy}>
          {t("common.save")}
        </button>
      </form>
    </Sheet>
  );
}
