import { LOCALES } from "@crm/domain/constants";
import { request } from "../api";
import { useI18n } from "../i18n";
import type { Me } from "../me";
import { navigate } from "../router";
import { session } from "../session";

const LANGUAGE_NAMES = { "zh-CN": "简体中文", en: "English" } as const;

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
      <a className="button secondary" href="/v1/reference">
        {t("account.apiReference")}
      </a>
      <button type="button" className="danger" onClick={signOut}>
        {t("account.signOut")}
      </button>
    </div>
  );
}
