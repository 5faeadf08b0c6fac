import type { Customer, DirectoryEntry } from "@crm/domain";
import { useState } from "react";
import { ApiError, request } from "../api";
import { useDirectory } from "../hooks/use-directory";
import { useI18n } from "../i18n";
import type { Me } from "../me";
import { navigate } from "../router";
import { FormError, ProgressBar } from "./form";
import { Sheet } from "./sheet";
import { showToast } from "./toast";

/** Case and full/half width do not matter when looking for a colleague. */
const searchable = (text: string) => text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();

/**
 * The active people of the company to choose an owner from, the reader
 * first: one tap on a name chooses them. A search box narrows a long team.
 */
export function PeopleList({
  me,
  current,
  onPick,
  disabled = false,
}: {
  me: Me;
  /** The owner now, marked and not offered again. */
  current?: string;
  onPick: (person: DirectoryEntry) => void;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const { people, active } = useDirectory();
  const [query, setQuery] = useState("");
  if (!people) return <ProgressBar label={t("common.loading")} />;
  const words = searchable(query).split(" ").filter(Boolean);
  const shown = [...active]
    .sort((a, b) => Number(b.id === me.user.id) - Number(a.id === me.user.id))
    .filter((person) => words.every((word) => searchable(person.name).includes(word)));
  return (
    <>
      {active.length > 8 && (
        <input
          className="search"
          type="search"
          aria-label={t("owner.search")}
          placeholder={t("owner.search")}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      )}
      {shown.length === 0 && <p className="muted">{t("owner.none")}</p>}
      <ul className="list picker-list" aria-label={t("owner.pick")}>
        {shown.map((person) => (
          <li key={person.id}>
            <button
              type="button"
              className="row"
              disabled={disabled || person.id === current}
              aria-current={person.id === current ? "true" : undefined}
              onClick={() => onPick(person)}
            >
              <span className="avatar" aria-hidden="true">
                {[...person.name][0]}
              </span>
              <span className="row-main">
                <strong>{person.name}</strong>
                {(person.id === me.user.id || person.id === current) && (
                  <small>
                    {[person.id === me.user.id && t("owner.you"), person.id === current && t("owner.current")]
                      .filter(Boolean)
                      .join(" · ")}
                  </small>
                )}
              </span>
              {person.id === current && <span aria-hidden="true">✓</span>}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** Whether the reader may give this customer to someone else: admins and managers; a rep their own, if the company allows it. */
function mayChangeOwner(me: Me, customer: Pick<Customer, "ownerId">): boolean {
  return (
    me.user.role !== "rep" || (me.tenant.settings.repsMayHandOver === true && customer.ownerId === me.user.id)
  );
}

/**
 * The customer's owner by name, and for those allowed, a button to give the
 * customer to someone else: a sheet of people, one tap, saved against the
 * version shown (changed meanwhile: the latest is loaded and nothing is lost
 * but the tap).
 */
export function OwnerFact({
  customer,
  me,
  onChanged,
}: {
  customer: Customer;
  me: Me;
  onChanged: () => Promise<void>;
}) {
  const { t } = useI18n();
  const { ownerName } = useDirectory();
  const [picking, setPicking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pick = async (person: DirectoryEntry) => {
    setBusy(true);
    setError(null);
    try {
      await request("PATCH", `/customers/${customer.id}`, {
        ifMatch: `"${customer.version}"`,
        body: { ownerId: person.id },
      });
      setPicking(false);
      showToast(t("owner.changed", { name: person.id === me.user.id ? t("owner.you") : person.name }));
      // A rep who sees only their own customers no longer sees one they handed over.
      if (me.user.role === "rep" && me.tenant.settings.repVisibility === "own" && person.id !== me.user.id) {
        navigate("/customers");
        return;
      }
      await onChanged();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.status === 412) {
        setPicking(false);
        showToast(t("owner.stale"));
        await onChanged();
        return;
      }
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <bdi className="owner">{ownerName(customer.ownerId)}</bdi>
      {mayChangeOwner(me, customer) && (
        <button type="button" className="small secondary owner-change" onClick={() => setPicking(true)}>
          {t("owner.change")}
        </button>
      )}
      {picking && (
        <Sheet title={t("owner.pick")} onClose={() => setPicking(false)}>
          <FormError error={error} />
          {busy && <ProgressBar label={t("common.loading")} />}
          <PeopleList
            me={me}
            current={customer.ownerId}
            onPick={(person) => void pick(person)}
            disabled={busy}
          />
        </Sheet>
      )}
    </>
  );
}
