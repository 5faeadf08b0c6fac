import { LOCALES } from "@crm/domain/constants";
import { type FormEvent, useState } from "react";
import { request } from "../api";
import { FormError, fieldError, PasswordField } from "../components/form";
import { useAction } from "../hooks/use-action";
import { LANGUAGE_NAMES, useI18n } from "../i18n";
import type { Me } from "../me";
import { navigate } from "../router";
import { session, type Tokens } from "../session";

export function AccountPage({ me }: { me: Me }) {
  const { t, lang, setLang } = useI18n();
  async function signOut() {
    const refreshToken = session.refreshToken;
    session.signOut();
    navigate("/login", { replace: true });
    if (refreshToken)
      await request("POST", "/auth/logout", { anonymous: true, body: { refreshToken } }).catch(
        () => undefined,
      );
  }
  return (
    <div className="page">
      <h1>{t("account.title")}</h1>
      <section className="card">
        <dl className="facts">
          <dt>{t("field.name")}</dt>
          <dd>{me.user.name}</dd>
          <dt>{t("field.email")}</dt>
          <dd>{me.user.email}</dd>
          <dt>{t("field.role")}</dt>
          <dd>{t(`role.${me.user.role}`)}</dd>
          <dt>{t("field.companyName")}</dt>
          <dd>{me.tenant.settings.companyName}</dd>
        </dl>
      </section>
      <section className="card">
        <h2>{t("account.language")}</h2>
        <div className="segmented">
          {LOCALES.map((option) => (
            <button key={option} type="button" aria-pressed={lang === option} onClick={() => setLang(option)}>
              {LANGUAGE_NAMES[option]}
            </button>
          ))}
        </div>
      </section>
      <ChangePassword />
      <a className="button secondary" href="/v1/reference">
        {t("account.apiReference")}
      </a>
      <button type="button" className="danger" onClick={signOut}>
        {t("account.signOut")}
      </button>
    </div>
  );
}

/**
 * Changing one's password ends every session of the person, this one too:
 * the answer is a new session, which replaces this one's tokens.
 */
function ChangePassword() {
  const { t } = useI18n();
  const [currentPassword, setCurrentPassword] = useState("");
  const [newPassword, setNewPassword] = useState("");
  const [changed, setChanged] = useState(false);
  const { error, busy, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChanged(false);
    return run(async () => {
      const { data } = await request<Tokens>("POST", "/me/password", {
        body: { currentPassword, newPassword },
      });
      session.signIn(data);
      setCurrentPassword("");
      setNewPassword("");
      setChanged(true);
    });
  };
  const fieldLevel = fieldError(error, "currentPassword") || fieldError(error, "newPassword");
  return (
    <section className="card">
      <h2>{t("account.password")}</h2>
      <form onSubmit={submit} noValidate aria-label={t("account.changePassword")}>
        <PasswordField
          label={t("account.currentPassword")}
          name="currentPassword"
          value={currentPassword}
          onChange={(e) => setCurrentPassword(e.target.value)}
          error={fieldError(error, "currentPassword")}
        />
        <PasswordField
          isNew
          label={t("account.newPassword")}
          name="newPassword"
          value={newPassword}
          onChange={(e) => setNewPassword(e.target.value)}
          error={fieldError(error, "newPassword")}
        />
        <FormError error={fieldLevel ? null : error} />
        {changed && (
          <p className="notice" role="status">
            {t("account.passwordChanged")}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {t("account.changePassword")}
        </button>
      </form>
    </section>
  );
}
