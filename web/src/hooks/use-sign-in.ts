import { type FormEvent, useState } from "react";
import { navigate } from "../router";
import { session, type Tokens } from "../session";

/**
 * The submit of every form that ends signed in (sign in, sign up, accept an
 * invitation): busy while it runs, its error kept for the fields, home after.
 */
export function useSignIn() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = (obtainTokens: () => Promise<Tokens>) => async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      session.signIn(await obtainTokens());
      navigate("/", { replace: true });
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
