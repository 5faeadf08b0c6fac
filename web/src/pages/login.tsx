import { useState } from "react";
import { request } from "../api";
import { EmailField, FormError, fieldError, PasswordField } from "../components/form";
import { useSignIn } from "../hooks/use-sign-in";
import { useI18n } from "../i18n";
import { Link } from "../router";
import type { Tokens } from "../session";
import { AuthLayout } from "./auth-layout";

export function LoginPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { error, busy, submit } = useSignIn();
  const signIn = submit(
    async () =>
      (await request<Tokens>("POST", "/auth/login", { anonymous: true, body: { email, password } })).data,
  );

  const fieldLevel = fieldError(error, "email") || fieldError(error, "password");
  // Sent here from a page (an expired session): say that signing in goes back there.
  const returning = new URLSearchParams(window.location.search).has("next");
  return (
    <AuthLayout title={t("login.title")}>
      {returning && <p className="notice">{t("login.returning")}</p>}
      <form onSubmit={signIn} noValidate>
        <EmailField
          label={t("field.email")}
          name="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(error, "email")}
        />
        <PasswordField
          label={t("field.password")}
          name="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError(error, "password")}
        />
        <p className="forgot-link">
          <Link href={email ? `/forgot-password?email=${encodeURIComponent(email)}` : "/forgot-password"}>
            {t("login.forgot")}
          </Link>
        </p>
        <FormError error={fieldLevel ? null : error} />
        <button type="submit" className="primary" disabled={busy}>
          {t("login.submit")}
        </button>
        <p className="switch">
          {t("login.noAccount")} <Link href="/signup">{t("login.signupLink")}</Link>
        </p>
      </form>
    </AuthLayout>
  );
}
