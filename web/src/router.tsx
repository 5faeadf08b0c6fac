import { type AnchorHTMLAttributes, useSyncExternalStore } from "react";

/** A router of a few lines: the client has a handful of screens and no nested routes. */
const NAVIGATE = "crm:navigate";

const subscribe = (listener: () => void) => {
  window.addEventListener("popstate", listener);
  window.addEventListener(NAVIGATE, listener);
  return () => {
    window.removeEventListener("popstate", listener);
    window.removeEventListener(NAVIGATE, listener);
  };
};

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function navigate(path: string, options: { replace?: boolean } = {}) {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  window.dispatchEvent(new Event(NAVIGATE));
  window.scrollTo(0, 0);
}

export function Link({ href, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return (
    <a
      href={href}
      {...rest}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        navigate(href);
      }}
    />
  );
}

/**
 * The sign-in page that comes back to `path` afterwards: an expired session
 * sends the person to sign in, and then on to the page they had asked for.
 */
export function signInFor(path: string): string {
  return path === "/" || path.startsWith("/login") ? "/login" : `/login?next=${encodeURIComponent(path)}`;
}

/** Where to go after signing in: the page asked for (only a path of this app), else home. */
export function afterSignIn(): string {
  const next = new URLSearchParams(window.location.search).get("next");
  // A path of this origin only: "//evil.example" or "/\evil.example" would leave it.
  return next && /^\/(?![/\\])/.test(next) && !next.startsWith("/login") ? next : "/";
}
