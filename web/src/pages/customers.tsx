import type { Customer, ExportFilter } from "@crm/domain";
import { LIFECYCLE_STAGES } from "@crm/domain/constants";
import { useEffect, useState } from "react";
import { newRequestId, request } from "../api";
import { bodyOf, CustomerForm, draftOf } from "../components/customer-form";
import { ExportButton } from "../components/export-button";
import { FormError, ProgressBar } from "../components/form";
import { Sheet } from "../components/sheet";
import { useI18n } from "../i18n";
import { Link, navigate } from "../router";

type Page = { items: Customer[]; nextCursor?: string };

/** The list's query string: the name prefix plus one way of listing (a tag, mine, or a stage). */
function listParams(query: string, show: string, tag: string) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (tag) params.set("tag", tag);
  else if (show === "mine") params.set("owner", "me");
  else if (show === "deleted") params.set("deleted", "true");
  else if (show !== "all") params.set("stage", show);
  const text = params.toString();
  return text ? `&${text}` : "";
}

/** The list's filter as an export takes it. */
function exportFilter(query: string, show: string, tag: string): ExportFilter {
  return {
    ...(query && { q: query }),
    ...(tag
      ? { tag }
      : show === "mine"
        ? { owner: "me" }
        : show !== "all" && show !== "deleted"
          ? { stage: show as ExportFilter["stage"] }
          : {}),
  };
}

/** Customers by name, narrowed as the person types (a prefix search on the server). */
export function CustomersPage({ canRestore }: { canRestore: boolean }) {
  const { t } = useI18n();
  const [query, setQuery] = useState("");
  // "all", "mine" or a lifecycle stage; a tag comes from the address (/customers?tag=vip).
  const [show, setShow] = useState("all");
  const [tag, setTag] = useState(() => new URLSearchParams(window.location.search).get("tag") ?? "");
  const [page, setPage] = useState<Page | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    let current = true;
    // Wait for a pause in typing; an older answer never replaces a newer one.
    const timer = setTimeout(() => {
      request<Page>("GET", `/customers?limit=30${listParams(query, show, tag)}`)
        .then(({ data }) => {
          if (!current) return;
          setPage(data);
          setError(null);
        })
        .catch((failure) => current && setError(failure));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, show, tag]);

  async function more() {
    if (!page?.nextCursor) return;
    const { data } = await request<Page>(
      "GET",
      `/customers?limit=30&cursor=${page.nextCursor}${listParams(query, show, tag)}`,
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
      {tag ? (
        <button
          type="button"
          className="chip"
          onClick={() => setTag("")}
          aria-label={t("customers.clearTag")}
        >
          {t("customers.tag", { tag })} ×
        </button>
      ) : (
        <select
          className="filter"
          aria-label={t("customers.show")}
          value={show}
          onChange={(event) => setShow(event.target.value)}
        >
          <option value="all">{t("customers.all")}</option>
          <option value="mine">{t("customers.mine")}</option>
          {LIFECYCLE_STAGES.map((stage) => (
            <option key={stage} value={stage}>
              {t("customers.stage", { stage: t(`customer.stage.${stage}`) })}
            </option>
          ))}
          {canRestore && <option value="deleted">{t("customers.deleted")}</option>}
        </select>
      )}
      <FormError error={error} />
      {!page && !error && <ProgressBar label={t("common.loading")} />}
      {page && page.items.length === 0 && (
        <p className="muted">
          {query || tag || show !== "all" ? t("customers.noMatch") : t("customers.empty")}
        </p>
      )}
      <ul className="list" aria-label={t("customers.title")}>
        {page?.items.map((customer) => (
          <li key={customer.id}>
            {show === "deleted" ? (
              <button
                type="button"
                className="row"
                aria-label={t("customers.restore", { name: customer.name })}
                onClick={async () => {
                  await request("POST", `/customers/${customer.id}/restore`);
                  navigate(`/customers/${customer.id}`);
                }}
              >
                <span className="avatar" aria-hidden="true">
                  ↺
                </span>
                <span className="row-main">
                  <strong>{customer.name}</strong>
                  <small>{t("customers.restore", { name: "" })}</small>
                </span>
              </button>
            ) : (
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
            )}
          </li>
        ))}
      </ul>
      {page?.nextCursor && (
        <button type="button" className="secondary" onClick={more}>
          {t("customers.more")}
        </button>
      )}
      {canRestore && show !== "deleted" && (
        <section className="card bulk" aria-label={t("import.open")}>
          <Link className="button secondary" href="/customers/import">
            {t("import.title")}
          </Link>
          <ExportButton entity="customers" filter={exportFilter(query, show, tag)} />
          <ExportButton entity="transactions" filter={exportFilter(query, show, tag)} />
        </section>
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
