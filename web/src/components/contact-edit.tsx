import type { Contact, CustomField } from "@crm/domain";
import { ApiError, request } from "../api";
import { useFormat } from "../format";
import { useConflictAwareSave } from "../hooks/use-conflict-aware-save";
import { type MessageKey, useI18n } from "../i18n";
import { useConflictWording } from "./conflict-wording";
import { ConflictPanel } from "./conflicts";
import { PhonesAndEmailsFields } from "./contact-point-fields";
import { CustomFieldInputs, type CustomValues, changedCustomValues } from "./custom-fields";
import { draftFields, listOf } from "./draft-fields";
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

/** Phones as `phone` writes them (the region's format), which the API reads back with the company's region. */
const draftOf = (contact: Contact, phone: (e164: string) => string): ContactDraft => ({
  name: contact.name,
  title: contact.title ?? "",
  phones: contact.phones.map(phone).join(", "),
  emails: contact.emails.join(", "),
  primary: contact.primary,
  customFields: contact.customFields ?? {},
});

const contactFields = draftFields<ContactDraft>({
  plain: ["name", "title", "phones", "emails", "primary"],
  lists: ["phones", "emails"],
  flags: ["primary"],
});

/** What changed from the version edited: only those fields, a cleared title as null. */
function patchOf(
  base: Contact,
  draft: ContactDraft,
  phone: (e164: string) => string,
): Record<string, unknown> {
  const before = draftOf(base, phone);
  const patch: Record<string, unknown> = {};
  if (draft.name.trim() !== before.name) patch.name = draft.name.trim();
  if (draft.title.trim() !== before.title) patch.title = draft.title.trim() || null;
  for (const key of ["phones", "emails"] as const)
    if (JSON.stringify(listOf(draft[key])) !== JSON.stringify(listOf(before[key])))
      patch[key] = listOf(draft[key]);
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
  fields,
  onClose,
  onSaved,
}: {
  customerId: string;
  contact: Contact;
  /** The contact custom fields the list has read. */
  fields: CustomField[];
  onClose: () => void;
  onSaved: () => Promise<void>;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const { draft, setDraft, conflicts, error, busy, submit } = useConflictAwareSave({
    initial: draftOf(contact, format.phone),
    base: contact,
    draftOf: (current) => draftOf(current, format.phone),
    fields: contactFields.fields,
    save: async (mine, against = contact) => {
      const patch = patchOf(against, mine, format.phone);
      if (Object.keys(patch).length > 0) {
        await request("PATCH", `/customers/${customerId}/contacts/${contact.id}`, {
          ifMatch: `"${against.version}"`,
          body: patch,
        });
      }
      await onSaved();
    },
    currentAfter: async (failure) => {
      if (!(failure instanceof ApiError) || failure.problem.status !== 412) return undefined;
      const { data } = await request<{ items: Contact[] }>("GET", `/customers/${customerId}/contacts`);
      return data.items.find((one) => one.id === contact.id);
    },
  });
  const errors = (field: string) => fieldErrorsUnder(error, field);
  const { label, shown } = useConflictWording(fields, {
    label: (key) => {
      if (key === "primary") return t("contacts.makePrimary");
      return t(
        (key === "phones" || key === "emails"
          ? `customer.field.${key}`
          : `contact.field.${key}`) as MessageKey,
      );
    },
    shown: (_key, value) =>
      typeof value === "boolean" ? (value ? t("common.yes") : t("common.no")) : undefined,
  });
  const set = (key: "name" | "title" | "phones" | "emails") => (event: { target: { value: string } }) =>
    setDraft({ ...draft, [key]: event.target.value });
  return (
    <Sheet title={t("contacts.edit", { name: contact.name })} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <ConflictPanel
          conflicts={conflicts}
          draft={draft}
          fields={conflicts.map((conflict) => contactFields.field(conflict.key))}
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
        <PhonesAndEmailsFields phones={draft.phones} emails={draft.emails} onChange={set} errors={errors} />
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
