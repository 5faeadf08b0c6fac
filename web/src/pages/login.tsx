import { type FormEvent, useState } from "react";
import { request } from "../api";
import { FormError, fieldError, TextField } from "../components/form";
import { useI18n } from "../i18n";
import { Link, navigate } from "../router";
import { session, type Tokens } from "../session";
import { AuthLayout } from "./auth-layout";

export function LoginPage() {
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data } = await request<Tokens>("POST", "/auth/login", {
        anonymous: true,
        body: { email, password },
      });
      session.signIn(data);
      navigate("/", { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  const fieldLevel = fieldError(error, "email") || fieldError(error, "password");
  return (
    <AuthLayout title={t("login.title")}>
      <form onSubmit={submit} noValidate>
        <TextField
          label={t("field.email")}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fieldError(error, "email")}
        />
        <TextField
          label={t("field.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError(error, "password")}
        />
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
