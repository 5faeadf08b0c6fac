/**
 * Where tokens live. The access token stays in memory only: it is what the API
 * accepts, and a script that reads storage cannot take it. The refresh token
 * is kept in localStorage so that a rep who closes the app on their phone is
 * still signed in tomorrow; it is revoked on sign-out, refused for deactivated
 * users, and the strict CSP (no inline or third-party scripts) is what stands
 * between it and an XSS. In AWS the same holds: the API and the client are on
 * separate origins, so an httpOnly cookie would need cross-site cookies.
 */
const REFRESH_KEY = "crm.refreshToken";

let accessToken: string | null = null;
let expiresAt = 0;
const listeners = new Set<() => void>();

export type Tokens = { accessToken: string; refreshToken: string; expiresIn: number };

export const session = {
  get accessToken() {
    return accessToken && Date.now() < expiresAt ? accessToken : null;
  },
  get refreshToken() {
    return localStorage.getItem(REFRESH_KEY);
  },
  signIn(tokens: Tokens) {
    accessToken = tokens.accessToken;
    // Refresh a minute early, so a request never leaves with a token about to lapse.
    expiresAt = Date.now() + (tokens.expiresIn - 60) * 1000;
    localStorage.setItem(REFRESH_KEY, tokens.refreshToken);
    for (const listener of listeners) listener();
  },
  signOut() {
    accessToken = null;
    localStorage.removeItem(REFRESH_KEY);
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
