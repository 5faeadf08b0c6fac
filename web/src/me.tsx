import type { TenantSettings, User } from "@crm/domain";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import { ApiError, request } from "./api";

/** How soon the app asks again when the CRM answered that it is briefly unavailable (503; the API says Retry-After: 5). */
const RETRY_UNAVAILABLE_MS = 5_000;

export type Me = {
  user: User;
  tenant: { id: string; plan: string; createdAt: string; settings: TenantSettings };
};

type MeState = { me: Me | null; error: unknown; reload: () => Promise<void> };

const MeContext = createContext<MeState | null>(null);

/** Who is signed in and in which company, loaded once per sign-in and on demand. */
export function MeProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      setMe((await request<Me>("GET", "/me")).data);
      setError(null);
    } catch (failure) {
      setError(failure);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  // Opened while the CRM is briefly unavailable: try again by itself, so the app comes back without a reload.
  useEffect(() => {
    if (me || !(error instanceof ApiError) || error.problem.status !== 503) return;
    const timer = setTimeout(() => void reload(), RETRY_UNAVAILABLE_MS);
    return () => clearTimeout(timer);
  }, [me, error, reload]);
  return <MeContext.Provider value={{ me, error, reload }}>{children}</MeContext.Provider>;
}

export function useMe(): MeState {
  const state = useContext(MeContext);
  if (!state) throw new Error("useMe outside MeProvider");
  return state;
}
