import type { FormEvent } from "react";
import { navigate } from "../router";
import { session, type Tokens } from "../session";
import { useAction } from "./use-action";

/**
 * The submit of every form that ends signed in (sign in, sign up, accept an
 * invitation): busy while it runs, its error kept for the fields, home after.
 */
export function useSignIn() {
  const { error, busy, run } = useAction();
  const submit = (obtainTokens: () => Promise<Tokens>) => (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      session.signIn(await obtainTokens());
      navigate("/", { replace: true });
    });
  };
  return { error, busy, submit };
}
