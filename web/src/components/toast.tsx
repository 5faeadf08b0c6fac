import { useSyncExternalStore } from "react";

/**
 * One short message at the bottom of the screen, above the tabs where the
 * thumb is, with at most one action ("Undo"). It outlives a change of page
 * (a delete goes back to the list and offers its undo there) and goes after
 * a while: 10 s with an action (time to reach Undo), 4 s without.
 */
export type Toast = {
  id: number;
  message: string;
  action?: { label: string; run: () => void | Promise<void> };
};

let current: Toast | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;
let lastId = 0;
const listeners = new Set<() => void>();
const emit = () => {
  for (const listener of listeners) listener();
};

export function showToast(
  message: string,
  action?: Toast["action"],
  milliseconds = action ? 10_000 : 4_000,
): void {
  clearTimeout(timer);
  lastId += 1;
  current = { id: lastId, message, ...(action && { action }) };
  const id = lastId;
  timer = setTimeout(() => {
    if (current?.id === id) dismissToast();
  }, milliseconds);
  emit();
}

function dismissToast(): void {
  clearTimeout(timer);
  current = null;
  emit();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
};

/** Where toasts appear; the live region stays in the page so screen readers hear each one. */
export function Toaster() {
  const toast = useSyncExternalStore(subscribe, () => current);
  return (
    <div className="toast-region" role="status" aria-live="polite">
      {toast && (
        <div className="toast" key={toast.id}>
          <span>{toast.message}</span>
          {toast.action && (
            <button
              type="button"
              onClick={() => {
                const { run } = toast.action as NonNullable<Toast["action"]>;
                dismissToast();
                void run();
              }}
            >
              {toast.action.label}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
