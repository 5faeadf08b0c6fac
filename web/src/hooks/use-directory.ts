import type { DirectoryEntry } from "@crm/domain";
import { useCallback, useEffect, useSyncExternalStore } from "react";
import { request } from "../api";
import { useI18n } from "../i18n";
import { useMe } from "../me";

/**
 * The tenant's people by name (GET /v1/directory), read once per signed-in
 * person and shared by every row and page that names an owner. An id it does
 * not know (someone invited since) reads it again, at most every 30 s.
 */
type Cache = { key: string; entries: DirectoryEntry[] | null; loading: Promise<void> | null; at: number };

let cache: Cache = { key: "", entries: null, loading: null, at: 0 };
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

const AGAIN_AFTER_MS = 30_000;

function load(key: string, force = false): void {
  if (cache.key !== key) cache = { key, entries: null, loading: null, at: 0 };
  if (cache.loading || (!force && cache.entries) || (force && Date.now() - cache.at < AGAIN_AFTER_MS)) return;
  const mine = cache;
  mine.at = Date.now();
  mine.loading = request<{ items: DirectoryEntry[] }>("GET", "/directory")
    .then(({ data }) => {
      mine.entries = data.items;
    })
    .catch(() => {
      // Names are shown where known; a failed read is tried again on the next page.
      mine.at = 0;
    })
    .finally(() => {
      mine.loading = null;
      if (cache === mine) emit();
    });
}

export function useDirectory() {
  const { me } = useMe();
  const { t } = useI18n();
  const key = me ? `${me.tenant.id}/${me.user.id}` : "";
  const entries = useSyncExternalStore(subscribe, () => (cache.key === key ? cache.entries : null));
  useEffect(() => {
    if (key) load(key);
  }, [key]);
  const find = useCallback((id: string) => entries?.find((entry) => entry.id === id), [entries]);
  /** How an owner is named to the reader: "You", their name, or their name marked as having left. */
  const ownerName = useCallback(
    (id: string) => {
      if (id === me?.user.id) return t("owner.you");
      const entry = find(id);
      if (!entry) {
        if (entries && key) load(key, true);
        return entries ? t("owner.unknown") : "…";
      }
      return entry.active ? entry.name : t("owner.inactive", { name: entry.name });
    },
    [entries, find, key, me?.user.id, t],
  );
  return {
    /** Everyone, by name; null until read. */
    people: entries,
    /** Those who may be given customers. */
    active: (entries ?? []).filter((entry) => entry.active),
    find,
    ownerName,
  };
}
