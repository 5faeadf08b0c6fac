import type { Customer } from "@crm/domain";
import { MAX_SEARCH_LENGTH } from "@crm/domain/constants";
import { useEffect, useId, useState } from "react";
import { request } from "../api";
import { useFormat } from "../format";
import { useDirectory } from "../hooks/use-directory";
import { useI18n } from "../i18n";
import { FormError, ProgressBar } from "./form";
import { Sheet } from "./sheet";

/**
 * Find the duplicate of a customer by name (pinyin and initials work), see
 * both side by side (duplicates often share a name), choose which one stays,
 * and merge: the one that stays keeps its own values, fills its gaps from
 * the other and takes its emails, phones, tags, contacts and purchases.
 */
export function MergeSheet({
  customer,
  onClose,
  onMerged,
}: {
  customer: Customer;
  onClose: () => void;
  /** Called with the id of the customer that stayed. */
  onMerged: (survivorId: string) => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const [query, setQuery] = useState(customer.name.slice(0, 2));
  const [found, setFound] = useState<Customer[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [other, setOther] = useState<Customer | null>(null);
  const [keep, setKeep] = useState<"this" | "other">("this");

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      if (!query.trim()) return setFound([]);
      request<{ items: Customer[] }>("GET", `/customers?limit=20&q=${encodeURIComponent(query)}`)
        .then(({ data }) => {
          if (!current) return;
          setFound(data.items.filter((one) => one.id !== customer.id));
          setError(null);
        })
        .catch((failure) => {
          if (!current) return;
          // A search refused lists nothing rather than what an earlier one found.
          setFound([]);
          setError(failure);
        });
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, customer.id]);

  async function merge(duplicateOf: Customer) {
    const [survivor, duplicate] = keep === "this" ? [customer, duplicateOf] : [duplicateOf, customer];
    setBusy(true);
    setError(null);
    try {
      await request("POST", `/customers/${survivor.id}/merge`, { body: { duplicateId: duplicate.id } });
      onMerged(survivor.id);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  if (other) {
    return (
      <Sheet title={t("merge.title")} onClose={onClose}>
        <p className="lead">{t("merge.compare")}</p>
        <div className="compare">
          <MergeSide
            customer={customer}
            heading={t("merge.thisOne")}
            keeps={keep === "this"}
            onChoose={() => setKeep("this")}
          />
          <MergeSide
            customer={other}
            heading={t("merge.otherOne")}
            keeps={keep === "other"}
            onChoose={() => setKeep("other")}
          />
        </div>
        <p className="muted">{t("merge.explain")}</p>
        <FormError error={error} />
        {busy && <ProgressBar label={t("common.loading")} />}
        <button type="button" className="primary" disabled={busy} onClick={() => void merge(other)}>
          {t("merge.submit")}
        </button>
        <button type="button" className="secondary" disabled={busy} onClick={() => setOther(null)}>
          {t("merge.back")}
        </button>
      </Sheet>
    );
  }

  return (
    <Sheet title={t("merge.title")} onClose={onClose}>
      <p className="lead">{t("merge.hint", { name: customer.name })}</p>
      <input
        className="search"
        type="search"
        enterKeyHint="search"
        aria-label={t("customers.search")}
        placeholder={t("customers.search")}
        maxLength={MAX_SEARCH_LENGTH}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <FormError error={error} />
      <ul className="list">
        {found.map((candidate) => (
          <li key={candidate.id}>
            <button
              type="button"
              className="row"
              onClick={() => {
                setError(null);
                setKeep("this");
                setOther(candidate);
              }}
            >
              <span className="avatar" aria-hidden="true">
                {[...candidate.name][0]}
              </span>
              <span className="row-main">
                <strong>{candidate.name}</strong>
                <small>
                  {[...candidate.emails, ...candidate.phones.map(format.phone)].join(" · ") || "—"}
                </small>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Sheet>
  );
}

/** One of the two, as a card to tap: it then stays, and the other is merged into it. */
function MergeSide({
  customer,
  heading,
  keeps,
  onChoose,
}: {
  customer: Customer;
  heading: string;
  keeps: boolean;
  onChoose: () => void;
}) {
  const { t } = useI18n();
  const format = useFormat();
  const { ownerName } = useDirectory();
  const none = "—";
  const factsId = useId();
  return (
    <button
      type="button"
      aria-pressed={keeps}
      aria-label={t("merge.keepSide", { side: heading, name: customer.name })}
      aria-describedby={factsId}
      onClick={onChoose}
    >
      <small className="keeps">{keeps ? t("merge.stays") : t("merge.goes")}</small>
      <small className="muted">{heading}</small>
      <strong>{customer.name}</strong>
      <span className="facts-list" id={factsId}>
        <small>{t("customer.field.emails")}</small>
        <span>{customer.emails.join(", ") || none}</span>
        <small>{t("customer.field.phones")}</small>
        <span>{customer.phones.map(format.phone).join(", ") || none}</span>
        <small>{t("merge.purchases")}</small>
        <span>
          {t("merge.purchasesValue", {
            count: String(customer.purchases.count),
            total: format.money(customer.purchases.netAmount, customer.purchases.currency),
          })}
        </span>
        <small>{t("customer.field.ownerId")}</small>
        <span>{ownerName(customer.ownerId)}</span>
        <small>{t("merge.created")}</small>
        <span>{format.dateTime(customer.createdAt)}</span>
      </span>
    </button>
  );
}
