import { useState } from "react";
import { ApiError, request } from "../api";
import { FormError, fieldError, TextField } from "../components/form";
import { useSignIn } from "../hooks/use-sign-in";
import { useI18n } from "../i18n";
import { Link } from "../router";
import type { Tokens } from "../session";
import { AuthLayout } from "./auth-layout";

/** The reset link is /reset-password#<token>: the fragment never reaches a server log. */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [password, setPassword] = useState("");
  const { error, busy, submit } = useSignIn();
  const reset = submit(
    async () =>
      (await request<Tokens>("POST", "/auth/reset-password", { anonymous: true, body: { token, password } }))
        .data,
  );
  // 410: used, replaced or expired; a malformed link (400 on the token) is no better. Only a new link helps.
  const gone =
    error instanceof ApiError && (error.problem.status === 410 || error.fieldProblems("token").length > 0);
  return (
    <AuthLayout title={t("reset.title")}>
      {gone || !token ? (
        <>
          <p className="form-error" role="alert">
            {token ? t("reset.gone") : t("reset.missing")}
          </p>
          <p className="switch">
            <Link href="/forgot-password">{t("reset.again")}</Link>
          </p>
        </>
      ) : (
        <form onSubmit={reset} noValidate>
          <p>{t("reset.intro")}</p>
          <TextField
            label={t("account.newPassword")}
            name="password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(error, "password")}
            hint={t("password.hint")}
          />
          <FormError error={fieldError(error, "password") ? null : error} />
          <button type="submit" className="primary" disabled={busy}>
            {t("reset.submit")}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
