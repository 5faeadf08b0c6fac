import type { Customer } from "@crm/domain";
import { useEffect, useState } from "react";
import { newRequestId, request } from "../api";
import { bodyOf, CustomerForm, draftOf } from "../components/customer-form";
import { FormError, ProgressBar } from "../components/form";
import { Sheet } from "../components/sheet";
import { useI18n } from "../i18n";
import { Link, navigate } from "../router";

type Page = { items: Customer[]; nextCursor?: string };

/** Customers by name, narrowed as the person types (a prefix search on the server). */
export function CustomersPage() {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let current = true;
    // Wait for a pause in typing; an older answer never replaces a newer one.
    const timer = setTimeout(() => {
      request<Page>("GET", `/customers?limit=30${query ? `&q=${encodeURIComponent(query)}` : ""}`)
        .then(({ data }) => current && (setPage(data), setError(null)))
        .catch((failure) => current && setError(failure));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query]);

  async function more() {
    if (!page?.nextCursor) return;
    const { data } = await request<Page>(
      "GET",
      `/customers?limit=30&cursor=${page.nextCursor}${query ? `&q=${encodeURIComponent(query)}` : ""}`,
    );
    setPage({ items: [...page.items, ...data.items], nextCursor: data.nextCursor });
  }

  return (
    <div className="page">
      <h1>{t("customers.title")}</h1>
      <input
        className="search"
        type="search"
        enterKeyHint="search"
        placeholder={t("customers.search")}
        aria-label={t("customers.search")}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <FormError error={error} />
      {!page && !error && <ProgressBar label={t("common.loading")} />}
      {page && page.items.length === 0 && (
        <p className="muted">{query ? t("customers.noMatch") : t("customers.empty")}</p>
      )}
      <ul className="list" aria-label={t("customers.title")}>
        {page?.items.map((customer) => (
          <li key={customer.id}>
            <Link className="row" href={`/customers/${customer.id}`}>
              <span className="avatar" aria-hidden="true">
                {[...customer.name][0]}
              </span>
              <span className="row-main">
                <strong>{customer.name}</strong>
                <small>
                  {customer.phones[0] ?? customer.emails[0] ?? t(`customer.kind.${customer.kind}`)}
                </small>
              </span>
              <span className="row-side">
                <span className={`badge stage-${customer.lifecycleStage}`}>
                  {t(`customer.stage.${customer.lifecycleStage}`)}
                </span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      {page?.nextCursor && (
        <button type="button" className="secondary" onClick={more}>
          {t("customers.more")}
        </button>
      )}
      <button type="button" className="fab" onClick={() => setCreating(true)}>
        + {t("customers.new")}
      </button>
      {creating && <NewCustomerSheet onClose={() => setCreating(false)} />}
    </div>
  );
}

function NewCustomerSheet({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  // One key per sheet: a double tap or a retry on a bad network makes one customer.
  const [idempotencyKey] = useState(newRequestId);
  return (
    <Sheet title={t("customers.new")} onClose={onClose}>
      <CustomerForm
        initial={draftOf()}
        onSubmit={async (draft) => {
          const { data } = await request<Customer>("POST", "/customers", {
            idempotencyKey,
            body: bodyOf(draft),
          });
          navigate(`/customers/${data.id}`);
        }}
      />
    </Sheet>
  );
}
