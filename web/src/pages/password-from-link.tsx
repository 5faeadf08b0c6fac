import { type ReactNode, useState } from "react";
import { request } from "../api";
import { FormError, fieldError, PasswordField } from "../components/form";
import { useSignIn } from "../hooks/use-sign-in";
import type { Tokens } from "../session";
import { AuthLayout } from "./auth-layout";

/**
 * The page a secret link opens (an invitation, a password reset): the token
 * is read from the fragment (/<page>#<token>), which never reaches a server
 * log; the person sets a password, and is signed in. A link the API refuses
 * for good (`isDead`), or a page opened without one, shows `dead` instead.
 */
export function PasswordFromLinkPage({
  title,
  intro,
  passwordLabel,
  submitLabel,
  endpoint,
  isDead,
  dead,
}: {
  title: string;
  intro: string;
  passwordLabel: string;
  submitLabel: string;
  /** Where the token and the password are posted. */
  endpoint: string;
  isDead: (error: unknown) => boolean;
  dead: (why: "gone" | "missing") => ReactNode;
}) {
  const [token] = useState(() => decodeURIComponent(window.location.hash.slice(1)));
  const [password, setPassword] = useState("");
  const { error, busy, submit } = useSignIn();
  const send = submit(
    async () =>
      (await request<Tokens>("POST", endpoint, { anonymous: true, body: { token, password } })).data,
  );
  const gone = isDead(error);
  return (
    <AuthLayout title={title}>
      {gone || !token ? (
        dead(gone ? "gone" : "missing")
      ) : (
        <form onSubmit={send} noValidate>
          <p>{intro}</p>
          <PasswordField
            isNew
            label={passwordLabel}
            name="password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={fieldError(error, "password")}
          />
          <FormError error={fieldError(error, "password") ? null : error} />
          <button type="submit" className="primary" disabled={busy}>
            {submitLabel}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
