import type { Customer, CustomerChange } from "@crm/domain";
import { useCallback, useEffect, useState } from "react";
import { ApiError, request } from "../api";
import { EditConflict } from "../components/conflicts";
import { Contacts } from "../components/contacts";
import { changedCustomValues, useCustomFields } from "../components/custom-fields";
import { bodyOf, CustomerForm, draftOf, useCustomerWording } from "../components/customer-form";
import { CustomerScoreCard } from "../components/customer-score";
import { FormError, ProgressBar } from "../components/form";
import { MergeSheet } from "../components/merge-sheet";
import { OwnerFact } from "../components/owner-picker";
import { CorrectionHistoryText } from "../components/purchase-list";
import { Purchases } from "../components/purchases";
import { Sheet } from "../components/sheet";
import { showToast } from "../components/toast";
import { useFormat } from "../format";
import { useDirectory } from "../hooks/use-directory";
import { type MessageKey, useI18n } from "../i18n";
import type { Me } from "../me";
import { Link, navigate } from "../router";

/** One customer: who they are, one tap to call or write, what changed. */
export function CustomerPage({ id, me }: { id: string; me: Me }) {
  const { t } = useI18n();
  const format = useFormat();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [history, setHistory] = useState<CustomerChange[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState(false);
  const [merging, setMerging] = useState(false);
  /** How many merges this page made: the purchase list is keyed on it. */
  const [merges, setMerges] = useState(0);
  const customFields = useCustomFields("customer");
  const wording = useCustomerWording(customFields);
  const { ownerName } = useDirectory();
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const [profile, changes] = await Promise.all([
        request<Customer>("GET", `/customers/${id}`),
        request<{ items: CustomerChange[] }>("GET", `/customers/${id}/history?limit=20`),
      ]);
      setCustomer(profile.data);
      setHistory(changes.data.items);
      setError(null);
    } catch (failure) {
      // A customer merged away sends the reader on to the survivor.
      if (failure instanceof ApiError && failure.problem.mergedInto) {
        setNotice(t("customer.mergedAway"));
        navigate(`/customers/${failure.problem.mergedInto}`);
        return;
      }
      setError(failure);
    }
  }, [id, t]);
  useEffect(() => {
    void load();
  }, [load]);
  const loadHistory = useCallback(async () => {
    const changes = await request<{ items: CustomerChange[] }>(
      "GET",
      `/customers/${id}/history?limit=20`,
    ).catch(() => null);
    if (changes) setHistory(changes.data.items);
  }, [id]);

  if (!customer)
    return (
      <div className="page">
        {error ? <FormError error={error} /> : <ProgressBar label={t("common.loading")} />}
      </div>
    );
  const fieldName = wording.label;
  /** A value before or after a change as the reader reads it: choices in words, dates in their locale, phones as dialled, options by label. */
  const shown = (field: string, value: unknown) =>
    value === null || value === undefined || value === "" || (Array.isArray(value) && value.length === 0)
      ? "—"
      : wording.shown(field, value) || "—";

  return (
    <div className="page">
      <h1>{customer.name}</h1>
      <p className="lead">
        <span className="badge">{t(`customer.kind.${customer.kind}`)}</span>{" "}
        <span className="badge">{t(`customer.type.${customer.type}`)}</span>{" "}
        <span className={`badge stage-${customer.lifecycleStage}`}>
          {t(`customer.stage.${customer.lifecycleStage}`)}
          {customer.lifecycleStagePinned && ` · ${t("customer.stagePinned")}`}
        </span>
      </p>
      {notice && <p className="notice">{notice}</p>}
      <div className="contact-actions">
        {customer.phones.map((phone) => (
          <a key={phone} className="button primary" href={`tel:${phone}`}>
            {t("customer.call", { phone: format.phone(phone) })}
          </a>
        ))}
        {customer.emails.map((email) => (
          <a key={email} className="button secondary" href={`mailto:${email}`}>
            {t("customer.mail", { email })}
          </a>
        ))}
      </div>
      <section className="card">
        <dl className="facts">
          <dt>{t("customer.field.ownerId")}</dt>
          <dd>
            <OwnerFact customer={customer} me={me} onChanged={load} />
          </dd>
          {customer.tags.length > 0 && (
            <>
              <dt>{t("customer.field.tags")}</dt>
              <dd className="tags">
                {customer.tags.map((tag) => (
                  <Link key={tag} className="chip" href={`/customers?tag=${encodeURIComponent(tag)}`}>
                    {tag}
                  </Link>
                ))}
              </dd>
            </>
          )}
          {(["industry", "size", "birthday", "source"] as const).map(
            (field) =>
              customer[field] && (
                <div key={field} className="fact">
                  <dt>{fieldName(field)}</dt>
                  <dd>{wording.shown(field, customer[field])}</dd>
                </div>
              ),
          )}
          {Object.entries(customer.customFields ?? {}).map(([key, value]) => {
            const field = customFields.find((one) => one.key === key);
            return (
              <div key={key} className="fact">
                <dt>
                  {fieldName(`customFields.${key}`)}
                  {field?.removedAt && ` (${t("customFields.removed")})`}
                </dt>
                <dd>{wording.shown(`customFields.${key}`, value)}</dd>
              </div>
            );
          })}
        </dl>
        <button type="button" onClick={() => setEditing(true)}>
          {t("customer.edit")}
        </button>
        <button type="button" className="secondary" onClick={() => setMerging(true)}>
          {t("customer.merge")}
        </button>
        <button
          type="button"
          className="danger"
          onClick={async () => {
            // No "are you sure?": the delete can be undone for 10 s here, and from Deleted for 30 days.
            try {
              await request("DELETE", `/customers/${id}`);
            } catch (failure) {
              setError(failure);
              return;
            }
            const { name } = customer;
            navigate("/customers");
            showToast(t("customer.deletedToast", { name }), {
              label: t("common.undo"),
              run: async () => {
                try {
                  await request("POST", `/customers/${id}/restore`);
                  navigate(`/customers/${id}`);
                  showToast(t("customers.restored", { name }));
                } catch {
                  showToast(t("customer.undoFailed", { name }));
                }
              },
            });
          }}
        >
          {t("customer.delete")}
        </button>
        <FormError error={error} />
      </section>
      <CustomerScoreCard customer={customer} me={me} onChanged={() => void load()} />
      {/* Remounted after a merge, so the list shows the purchases taken from the duplicate. */}
      <Purchases key={`purchases-${merges}`} customer={customer} onRecorded={load} />
      {customer.kind === "company" && <Contacts customerId={customer.id} />}
      <section className="card">
        <h2>{t("customer.history")}</h2>
        <ol className="history">
          {history.map((entry) => (
            <li key={`${entry.at}-${entry.action}`}>
              <small>
                {format.dateTime(entry.at)} · {entry.byName}
              </small>
              {entry.action === "merged" ? (
                <p>{t("customer.merged", { name: entry.mergedFrom?.name ?? "" })}</p>
              ) : entry.transaction ? (
                <CorrectionHistoryText change={entry} />
              ) : (
                entry.action !== "updated" && <p>{t(`customer.${entry.action}` as MessageKey)}</p>
              )}
              {(entry.action === "updated" || entry.action === "merged") && entry.changes.length > 0 && (
                <ul>
                  {entry.changes.map((change) => (
                    <li key={change.field}>
                      {t("customer.updated")} {fieldName(change.field)}:{" "}
                      {change.field === "ownerId" ? (
                        <>
                          <bdi>{ownerName(String(change.from))}</bdi> →{" "}
                          <bdi>{ownerName(String(change.to))}</bdi>
                        </>
                      ) : (
                        <>
                          <bdi>{shown(change.field, change.from)}</bdi> →{" "}
                          <bdi>{shown(change.field, change.to)}</bdi>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      </section>
      {merging && (
        <MergeSheet
          customer={customer}
          onClose={() => setMerging(false)}
          onMerged={(survivorId) => {
            setMerging(false);
            if (survivorId !== customer.id) {
              navigate(`/customers/${survivorId}`);
              return;
            }
            setMerges((count) => count + 1);
            void load();
          }}
        />
      )}
      {editing && (
        <Sheet title={t("customer.edit")} onClose={() => setEditing(false)}>
          <CustomerForm
            initial={draftOf(customer, format.phone)}
            base={customer}
            customFields={customFields}
            onSubmit={async (draft, base = customer) => {
              // Phones as the form shows them (national format): unchanged ones are not sent again.
              const before = bodyOf(draftOf(base, format.phone));
              const after = bodyOf(draft);
              const patch = Object.fromEntries(
                Object.entries(after).filter(
                  ([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value),
                ),
              );
              // Fields emptied or no longer fitting the kind are cleared explicitly.
              for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
              // Custom fields go one by one: only those changed, a cleared one as null.
              const custom = changedCustomValues(base.customFields, draft.customFields);
              delete patch.customFields;
              if (custom) patch.customFields = custom;
              // The answer to the PATCH is the customer as saved: shown at once, with no second
              // round trip; only the history (which the edit added to) is fetched behind it.
              let saved: Customer | undefined;
              try {
                if (Object.keys(patch).length > 0) {
                  saved = (
                    await request<Customer>("PATCH", `/customers/${id}`, {
                      ifMatch: `"${base.version}"`,
                      body: patch,
                    })
                  ).data;
                }
              } catch (failure) {
                // Changed meanwhile: the form keeps what was typed and shows theirs against mine.
                if (failure instanceof ApiError && failure.problem.status === 412) {
                  const current = (await request<Customer>("GET", `/customers/${id}`)).data;
                  setCustomer(current);
                  throw new EditConflict(current);
                }
                throw failure;
              }
              if (saved) setCustomer(saved);
              setEditing(false);
              setNotice(null);
              void loadHistory();
            }}
          />
        </Sheet>
      )}
    </div>
  );
}
