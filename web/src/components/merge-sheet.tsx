import type { Customer } from "@crm/domain";
import { useEffect, useState } from "react";
import { request } from "../api";
import { useI18n } from "../i18n";
import { FormError } from "./form";
import { Sheet } from "./sheet";

/**
 * Find the duplicate of a customer by name (pinyin and initials work) and
 * merge it in: the survivor keeps its own values and takes everything else.
 */
export function MergeSheet({
  survivor,
  onClose,
  onMerged,
}: {
  survivor: Customer;
  onClose: () => void;
  onMerged: () => void;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState(survivor.name.slice(0, 2));
  const [found, setFound] = useState<Customer[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      if (!query.trim()) return setFound([]);
      request<{ items: Customer[] }>("GET", `/customers?limit=20&q=${encodeURIComponent(query)}`)
        .then(({ data }) => current && setFound(data.items.filter((one) => one.id !== survivor.id)))
        .catch((failure) => current && setError(failure));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, survivor.id]);

  async function merge(duplicate: Customer) {
    if (!window.confirm(t("merge.confirm", { duplicate: duplicate.name, survivor: survivor.name }))) return;
    setBusy(true);
    try {
      await request("POST", `/customers/${survivor.id}/merge`, { body: { duplicateId: duplicate.id } });
      onMerged();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Sheet title={t("merge.title")} onClose={onClose}>
      <p className="lead">{t("merge.hint", { name: survivor.name })}</p>
      <input
        className="search"
        type="search"
        enterKeyHint="search"
        aria-label={t("customers.search")}
        placeholder={t("customers.search")}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <FormError error={error} />
      <ul className="list">
        {found.map((candidate) => (
          <li key={candidate.id}>
            <button type="button" className="row" disabled={busy} onClick={() => void merge(candidate)}>
              <span className="avatar" aria-hidden="true">
                {[...candidate.name][0]}
              </span>
              <span className="row-main">
                <strong>{candidate.name}</strong>
                <small>{[...candidate.emails, ...candidate.phones].join(" · ") || "—"}</small>
              </span>
            </button>
          </li>
        ))}
      </ul>
    </Sheet>
  );
}
