import type { User } from "@crm/domain";
import { LOCALES, ROLES } from "@crm/domain/constants";
import { type FormEvent, useCallback, useEffect, useState } from "react";
import { ApiError, newRequestId, request } from "../api";
import { EmailField, FormError, fieldError, ProgressBar, SelectField, TextField } from "../components/form";
import { Sheet } from "../components/sheet";
import { LANGUAGE_NAMES, useI18n } from "../i18n";
import type { Me } from "../me";

/**
 * An invitation or password reset link, as the API answers it; `emailed`: it went to the person by
 * email too; `notEmailedReason`: why not, when an invitation mail limit held it back.
 */
type Invitation = {
  url: string;
  expiresAt: string;
  emailed: boolean;
  notEmailedReason?: "recipient-limit" | "tenant-limit" | "not-sent";
};
type Locale = (typeof LOCALES)[number];

type Role = (typeof ROLES)[number];

export function TeamPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const [users, setUsers] = useState<User[] | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [inviting, setInviting] = useState(() => new URLSearchParams(window.location.search).has("invite"));
  const [editing, setEditing] = useState<User | null>(null);
  const load = useCallback(async () => {
    try {
      setUsers((await request<{ items: User[] }>("GET", "/users")).data.items);
      setLoadError(null);
    } catch (failure) {
      setLoadError(failure);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <div className="page">
      <div className="page-title">
        <h1>{t("team.title")}</h1>
      </div>
      <FormError error={loadError} />
      {!users && !loadError && <ProgressBar label={t("common.loading")} />}
      <ul className="list" aria-label={t("team.title")}>
        {users?.map((user) => (
          <li key={user.id}>
            <button
              type="button"
              className="row"
              onClick={() => setEditing(user)}
              aria-label={t("team.edit", { name: user.name })}
            >
              <span className="avatar" aria-hidden="true">
                {[...user.name][0]}
              </span>
              <span className="row-main">
                <strong>
                  {user.name}
                  {user.id === me.user.id && <em> ({t("team.you")})</em>}
                </strong>
                <small>{user.email}</small>
              </span>
              <span className="row-side">
                <span className={`badge role-${user.role}`}>{t(`role.${user.role}`)}</span>
                <span className={`badge status-${user.status}`}>{t(`status.${user.status}`)}</span>
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="fab" onClick={() => setInviting(true)}>
        + {t("team.invite")}
      </button>
      {inviting && (
        <InviteSheet
          defaultLocale={me.tenant.settings.locale}
          onClose={() => setInviting(false)}
          onInvited={load}
        />
      )}
      {editing && (
        <EditSheet
          user={editing}
          onClose={() => setEditing(null)}
          onChanged={async (updated) => {
            if (updated) setEditing(updated);
            await load();
          }}
        />
      )}
    </div>
  );
}

function InvitationLink({
  invitation,
  name,
  email,
  reset = false,
}: {
  invitation: Invitation;
  name: string;
  email: string;
  /** A password reset link rather than an invitation. */
  reset?: boolean;
}) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="invitation">
      <p>{reset ? t("team.resetReady", { name }) : t("team.linkReady", { name })}</p>
      <p className={invitation.emailed ? "muted" : "notice"}>
        {invitation.emailed
          ? t("team.emailed", { email })
          : invitation.notEmailedReason === "recipient-limit" ||
              invitation.notEmailedReason === "tenant-limit"
            ? t(`team.notEmailed.${invitation.notEmailedReason}`, { email })
            : t("team.notEmailed")}
      </p>
      <input
        readOnly
        value={invitation.url}
        aria-label="invitation link"
        onFocus={(e) => e.target.select()}
      />
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={async () => {
            await navigator.clipboard?.writeText(invitation.url).catch(() => undefined);
            setCopied(true);
          }}
        >
          {copied ? t("team.copied") : t("team.copy")}
        </button>
        {"share" in navigator && (
          <button
            type="button"
            className="secondary"
            onClick={() => navigator.share({ url: invitation.url }).catch(() => undefined)}
          >
            {t("team.share")}
          </button>
        )}
      </div>
    </div>
  );
}

function InviteSheet({
  defaultLocale,
  onClose,
  onInvited,
}: {
  defaultLocale: Locale;
  onClose: () => void;
  onInvited: () => Promise<void>;
}) {
  const { t } = useI18n();
  const [idempotencyKey, setIdempotencyKey] = useState(newRequestId);
  const [form, setForm] = useState<{ name: string; email: string; role: Role; locale: Locale }>({
    name: "",
    email: "",
    role: "rep",
    locale: defaultLocale,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [invited, setInvited] = useState<{ name: string; email: string; invitation: Invitation } | null>(
    null,
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data } = await request<User & { invitation: Invitation }>("POST", "/users", {
        idempotencyKey,
        body: form,
      });
      setInvited({ name: data.name, email: data.email, invitation: data.invitation });
      setIdempotencyKey(newRequestId());
      await onInvited();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Sheet title={t("team.inviteTitle")} onClose={onClose}>
      {invited ? (
        <InvitationLink invitation={invited.invitation} name={invited.name} email={invited.email} />
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField
            label={t("field.name")}
            name="name"
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            error={fieldError(error, "name")}
          />
          <EmailField
            label={t("field.email")}
            name="email"
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
            error={fieldError(error, "email")}
          />
          <RolePicker value={form.role} onChange={(role) => setForm({ ...form, role })} />
          <SelectField
            label={t("team.emailLanguage")}
            name="locale"
            value={form.locale}
            onChange={(e) => setForm({ ...form, locale: e.target.value as Locale })}
          >
            {LOCALES.map((locale) => (
              <option key={locale} value={locale}>
                {LANGUAGE_NAMES[locale]}
              </option>
            ))}
          </SelectField>
          <FormError error={fieldError(error, "name") || fieldError(error, "email") ? null : error} />
          <button type="submit" className="primary" disabled={busy}>
            {t("team.sendInvite")}
          </button>
        </form>
      )}
    </Sheet>
  );
}

function RolePicker({ value, onChange }: { value: Role; onChange: (role: Role) => void }) {
  const { t } = useI18n();
  return (
    <fieldset className="choices">
      <legend>{t("field.role")}</legend>
      {ROLES.map((role) => (
        <label key={role} className={`choice${value === role ? " selected" : ""}`}>
          <input
            type="radio"
            name="role"
            value={role}
            checked={value === role}
            onChange={() => onChange(role)}
          />
          <span>
            <strong>{t(`role.${role}`)}</strong>
            <small>{t(`role.${role}.hint`)}</small>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

function EditSheet({
  user,
  onClose,
  onChanged,
}: {
  user: User;
  onClose: () => void;
  onChanged: (updated: User | null) => Promise<void>;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invitation, setInvitation] = useState<Invitation | null>(null);
  const [resetLink, setResetLink] = useState<Invitation | null>(null);

  async function change(patch: { role?: Role; active?: boolean }) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const { data } = await request<User>("PATCH", `/users/${user.id}`, {
        ifMatch: `"${user.version}"`,
        body: patch,
      });
      await onChanged(data);
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.status === 412) {
        const { data } = await request<User>("GET", `/users/${user.id}`);
        setNotice(t("team.stale"));
        await onChanged(data);
      } else {
        setError(failure);
      }
    } finally {
      setBusy(false);
    }
  }

  async function issueResetLink() {
    setBusy(true);
    setError(null);
    try {
      setResetLink((await request<Invitation>("POST", `/users/${user.id}/password-reset`)).data);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  async function reinvite() {
    setBusy(true);
    setError(null);
    try {
      setInvitation((await request<Invitation>("POST", `/users/${user.id}/invitation`)).data);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Sheet title={user.name} onClose={onClose}>
      <p className="muted">{user.email}</p>
      {notice && <p className="notice">{notice}</p>}
      <SelectField
        label={t("field.role")}
        value={user.role}
        disabled={busy}
        onChange={(event) => change({ role: event.target.value as Role })}
      >
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {t(`role.${role}`)}
          </option>
        ))}
      </SelectField>
      <FormError error={error} />
      {busy && <ProgressBar label={t("common.loading")} />}
      {user.status === "invited" &&
        (invitation ? (
          <InvitationLink invitation={invitation} name={user.name} email={user.email} />
        ) : (
          <button type="button" className="secondary" onClick={reinvite} disabled={busy}>
            {t("team.newLink")}
          </button>
        ))}
      {user.status === "active" &&
        (resetLink ? (
          <InvitationLink invitation={resetLink} name={user.name} email={user.email} reset />
        ) : (
          <button type="button" className="secondary" onClick={issueResetLink} disabled={busy}>
            {t("team.resetLink")}
          </button>
        ))}
      <button
        type="button"
        className={user.active ? "danger" : "primary"}
        disabled={busy}
        onClick={() => change({ active: !user.active })}
      >
        {user.active ? t("team.deactivate") : t("team.reactivate")}
      </button>
    </Sheet>
  );
}
