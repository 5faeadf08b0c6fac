import { type FormEvent, useState } from "react";
import { request } from "../api";
import { FormError, fieldError, TextField } from "../components/form";
import { useI18n } from "../i18n";
import { navigate } from "../router";
import { session, type Tokens } from "../session";
import { AuthLayout } from "./auth-layout";

/** The invitation link is /invite#<token>: the fragment never reaches a server log. */
export function AcceptInvitePage() {
  const { t } = useI18n();
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [password, setPassword] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const { data } = await request<Tokens>("POST", "/auth/invitations/accept", {
        anonymous: true,
        body: { token, password },
      });
      session.signIn(data);
      navigate("/", { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <AuthLayout title={t("invite.accept.title")}>
      {token ? (
        <form onSubmit={submit} noValidate>
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
