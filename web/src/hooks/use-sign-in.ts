import type { FormEvent } from "react";
import { afterSignIn, navigate } from "../router";
import { session, type Tokens } from "../session";
import { useAction } from "./use-action";

/**
 * The submit of every form that ends signed in (sign in, sign up, accept an
 * invitation): busy while it runs, its error kept for the fields, then home or
 * the page that was asked for before signing in.
 */
export function useSignIn() {
  const { error, busy, run } = useAction();
  const submit = (obtainTokens: () => Promise<Tokens>) => (event: FormEvent) => {
    event.preventDefault();
    return run(async () => {
      session.signIn(await obtainTokens());
      // Back to the page an expired session had sent them away from, if any.
      navigate(afterSignIn(), { replace: true });
    });
  };
  return { error, busy, submit };
}
