import type { TenantSettings } from "@crm/domain";
import { useCallback, useEffect, useState } from "react";
import { ApiError, request } from "../api";
import { useI18n } from "../i18n";

export type VersionedSettings = TenantSettings & { version: number; updatedAt: string };
export type Settings = ReturnType<typeof useSettings>;

/** The tenant's settings as one page holds them: every form on it saves against the same version. */
export function useSettings() {
  const [saved, setSaved] = useState<VersionedSettings | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const load = useCallback(async () => {
    const { data } = await request<VersionedSettings>("GET", "/tenant/settings");
    setSaved(data);
  }, []);
  useEffect(() => {
    load().catch(setLoadError);
  }, [load]);
  return { saved, setSaved, load, loadError };
}

/**
 * One form's saving of some settings: against the version they were read at;
 * a stale save reloads them and says so instead of overwriting.
 */
export function useSettingsForm(settings: Settings, onSaved: () => Promise<void>) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(patch: Partial<TenantSettings>, savedMessage: string) {
    if (!settings.saved) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      const { data } = await request<VersionedSettings>("PATCH", "/tenant/settings", {
        ifMatch: `"${settings.saved.version}"`,
        body: patch,
      });
      settings.setSaved(data);
      setNotice(savedMessage);
      await onSaved();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problem.status === 412) {
        await settings.load();
        setNotice(t("settings.stale"));
      } else setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return { error: error ?? settings.loadError, notice, setNotice, busy, save };
}
