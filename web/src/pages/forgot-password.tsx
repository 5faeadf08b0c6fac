import { type FormEvent, useState } from "react";
import { request } from "../api";
import { EmailField, FormError, fieldError } from "../components/form";
import { useAction } from "../hooks/use-action";
import { useI18n } from "../i18n";
import { Link } from "../router";
import { AuthLayout } from "./auth-layout";

/**
 * Asks for a reset link by email. The API answers alike whether or not the
 * email has an account, so the page says the same in both cases.
 */
export function ForgotPasswordPage() {
  const { t, lang } = useI18n();
  const [email, setEmail] = useState(() => new URLSearchParams(window.location.search).get("email") ?? "");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const { error, busy, run } = useAction();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      // The email is written in the language of this page.
      await request("POST", "/auth/forgot-password", { anonymous: true, body: { email, locale: lang } });
      setSentTo(email);
    });
  };
  return (
    <AuthLayout title={t("forgot.title")}>
      {sentTo ? (
        <p className="notice" role="status">
          {t("forgot.sent", { email: sentTo })}
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <p>{t("forgot.intro")}</p>
          <EmailField
            label={t("field.email")}
            name="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={fieldError(error, "email")}
          />
          <FormError error={fieldError(error, "email") ? null : error} />
          <button type="submit" className="primary" disabled={busy}>
            {t("forgot.submit")}
          </button>
        </form>
      )}
      <p className="switch">
        <Link href="/login">{t("forgot.back")}</Link>
      </p>
    </AuthLayout>
  );
}
