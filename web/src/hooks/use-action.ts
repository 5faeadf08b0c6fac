import { useState } from "react";

/**
 * Runs what a form's submit does: busy while it runs, its error kept for the
 * fields and the banner, cleared when it runs again.
 */
export function useAction() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}
