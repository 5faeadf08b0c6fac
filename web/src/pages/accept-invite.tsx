import { useState } from "react";
import { ApiError, request } from "../api";
import { FormError, fieldError, TextField } from "../components/form";
import { useSignIn } from "../hooks/use-sign-in";
import { useI18n } from "../i18n";
import { Link } from "../router";
import type { Tokens } from "../session";
import { AuthLayout } from "./auth-layout";

/** The invitation link is /invite#<token>: the fragment never reaches a server log. */
export function AcceptInvitePage() {
  const { t } = useI18n();
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [password, setPassword] = useState("");
  const { error, busy, submit } = useSignIn();
  const accept = submit(
    async () =>
      (
        await request<Tokens>("POST", "/auth/invitations/accept", {
          anonymous: true,
          body: { token, password },
        })
      ).data,
  );

  // 410: the link was used, replaced by a newer one or expired; only a new link from the admin helps.
  const gone = error instanceof ApiError && error.problem.status === 410;
  return (
    <AuthLayout title={t("invite.accept.title")}>
      {gone ? (
        <>
          <p className="form-error" role="alert">
            {t("invite.accept.gone")}
          </p>
          <p className="switch">
            {t("invite.accept.joined")} <Link href="/login">{t("login.loginLink")}</Link>
          </p>
        </>
      ) : token ? (
        <form onSubmit={accept} noValidate>
          <p>{t("invite.accept.intro")}</p>
          <TextField
            label={t("field.newPassword")}
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
            {t("invite.accept.submit")}
          </button>
        </form>
      ) : (
        <p className="form-error">{t("invite.accept.missing")}</p>
      )}
    </AuthLayout>
  );
}
