import type { ReactNode } from "react";
import { useI18n } from "../i18n";

/** The frame of the screens before sign-in: brand on top, the form right under it (no empty screen above). */
export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="auth">
      <header className="auth-header">
        <img src="/icon.svg" alt="" width={40} height={40} />
        <div>
          <strong>{t("app.name")}</strong>
          <p>{t("app.tagline")}</p>
        </div>
        <button type="button" className="lang-toggle" onClick={() => setLang(lang === "en" ? "zh-CN" : "en")}>
          {t("lang.switch")}
        </button>
      </header>
      <main className="auth-main">
        <h1>{title}</h1>
        {children}
      </main>
    </div>
  );
}
