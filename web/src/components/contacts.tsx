import type { Contact, CustomField } from "@crm/domain";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { request } from "../api";
import { useFormat } from "../format";
import { useAction } from "../hooks/use-action";
import { useI18n } from "../i18n";
import { useConflictWording } from "./conflict-wording";
import { EditContact } from "./contact-edit";
import { CustomFieldInputs, type CustomValues, useCustomFields } from "./custom-fields";
import { EmailField, FormError, fieldErrorsUnder, TextField } from "./form";
import { Sheet } from "./sheet";

/** The people at a company customer, each one tap away from a call. */
export function Contacts({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const format = useFormat();
  const fields = useCustomFields("contact");
  const wording = useConflictWording(fields, { label: (key) => key });
  const [contacts, setContacts] = useState<Contact[]>([]);
  const [adding, setAdding] = useState(false);
  const [editing, setEditing] = useState<Contact | null>(null);
  const load = useCallback(async () => {
    setContacts((await request<{ items: Contact[] }>("GET", `/customers/${customerId}/contacts`)).data.items);
  }, [customerId]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="card">
      <h2>{t("contacts.title")}</h2>
      {contacts.length === 0 && <p className="muted">{t("contacts.none")}</p>}
      <ul className="list">
        {contacts.map((contact) => (
          <li key={contact.id} className="contact">
            <span className="row-main">
              <strong>
                {contact.name} {contact.primary && <span className="badge">{t("contacts.primary")}</span>}
              </strong>
              <small>
                {[
                  contact.title,
                  contact.emails[0],
                  // Custom values as read elsewhere: options by label, dates in the reader's locale.
                  ...Object.entries(contact.customFields ?? {}).map(
                    ([key, value]) =>
                      `${wording.label(`customFields.${key}`)}: ${wording.shown(`customFields.${key}`, value)}`,
                  ),
                ]
                  .filter(Boolean)
                  .join(" · ")}
              </small>
            </span>
            {contact.phones[0] && (
              <a className="button secondary call" href={`tel:${contact.phones[0]}`}>
                {t("customer.call", { phone: format.phone(contact.phones[0]) })}
              </a>
            )}
            <button
              type="button"
              className="small"
              aria-label={t("contacts.edit", { name: contact.name })}
              onClick={() => setEditing(contact)}
            >
              {t("customer.edit")}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" onClick={() => setAdding(true)}>
        {t("contacts.add")}
      </button>
      {editing && (
        <EditContact
          customerId={customerId}
          contact={editing}
          fields={fields}
          onClose={() => setEditing(null)}
          onSaved={async () => {
            setEditing(null);
            await load();
          }}
        />
      )}
      {adding && (
        <AddContact
          customerId={customerId}
          fields={fields}
          onClose={() => setAdding(false)}
          onAdded={async () => {
            setAdding(false);
            await load();
          }}
        />
      )}
    </section>
  );
}

function AddContact({
  customerId,
  fields,
  onClose,
  onAdded,
}: {
  customerId: string;
  /** The contact custom fields the list has read. */
  fields: CustomField[];
  onClose: () => void;
  onAdded: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [form, setForm] = useState({ name: "", title: "", phone: "", email: "", primary: false });
  const [custom, setCustom] = useState<CustomValues>({});
  const { error, busy, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      await request("POST", `/customers/${customerId}/contacts`, {
        body: {
          name: form.name,
          ...(form.title && { title: form.title }),
          phones: form.phone ? [form.phone] : [],
          emails: form.email ? [form.email] : [],
          primary: form.primary,
          ...(Object.keys(custom).length > 0 && { customFields: custom }),
        },
      });
      await onAdded();
    });
  };
  const errors = (field: string) => fieldErrorsUnder(error, field);
  return (
    <Sheet title={t("contacts.add")} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <TextField
          label={t("contact.field.name")}
          name="name"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          error={errors("name")}
        />
        <TextField
          label={t("contact.field.title")}
          name="title"
          value={form.title}
          onChange={(e) => setForm({ ...form, title: e.target.value })}
          error={errors("title")}
        />
        <TextField
          label={t("customer.field.phones")}
          name="phone"
          type="tel"
          inputMode="tel"
          value={form.phone}
          onChange={(e) => setForm({ ...form, phone: e.target.value })}
          error={errors("phones")}
        />
        <EmailField
          label={t("customer.field.emails")}
          name="email"
          value={form.email}
          onChange={(e) => setForm({ ...form, email: e.target.value })}
          error={errors("emails")}
        />
        <CustomFieldInputs fields={fields} values={custom} onChange={setCustom} error={error} />
        <label className="choice">
          <input
            type="checkbox"
            checked={form.primary}
            onChange={(e) => setForm({ ...form, primary: e.target.checked })}
          />
          <span>{t("contacts.makePrimary")}</span>
        </label>
        <FormError
          error={
            errors("name") || errors("phones") || errors("emails") || errors("customFields") ? null : error
          }
        />
        <button type="submit" className="primary" disabled={busy}>
          {t("common.save")}
        </button>
      </form>
    </Sheet>
  );
}
