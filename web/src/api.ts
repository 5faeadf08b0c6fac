import { session, type Tokens } from "./session";

/** One field's problem: the client shows it from `code` and `params`; `message` is the API's English. */
export type FieldProblem = {
  path: string;
  code: string;
  message: string;
  params?: Record<string, string | number>;
};
export type Problem = {
  type: string;
  title: string;
  status: number;
  /** Stable: the client translates this (problem.<code>), never the English detail. */
  code?: string;
  detail?: string;
  errors?: FieldProblem[];
  currentVersion?: number;
  /** On a 409 about a customer's email or phone: who has it. */
  existingId?: string;
  /** On a 410 for a customer merged away: the survivor. */
  mergedInto?: string;
  /** On a conflict: the fields it concerns. */
  fields?: string[];
};

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  /**
   * Every field's problems: a 400's list, and the fields a conflict concerns
   * (an email of another customer) as problems of those fields.
   */
  get fieldProblemList(): FieldProblem[] {
    const { errors = [], fields, code = "", detail = "" } = this.problem;
    const concerned = Array.isArray(fields) ? fields.filter((field) => typeof field === "string") : [];
    return [...errors, ...concerned.map((path) => ({ path, code, message: detail }))];
  }
  /** Every problem of one field, by its path in the request body. */
  fieldProblems(path: string): FieldProblem[] {
    return this.fieldProblemList.filter((error) => error.path === path);
  }
}

/** A random UUID even where crypto.randomUUID is missing (plain http on a LAN address). */
export function newRequestId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

type RequestOptions = {
  body?: unknown;
  ifMatch?: string;
  idempotencyKey?: string;
  /** Public routes (signup, login) send no token. */
  anonymous?: boolean;
  /** Raw bytes to send instead of JSON (a part of an import's file). */
  bytes?: Blob;
  /** Read the answer as a file (an export's part) instead of JSON. */
  asBlob?: boolean;
};

let API_BASE = "/v1";

/**
 * Where the API is comes from /config.json, written at deploy (in AWS the API
 * has its own origin) and served by the embedded stack: one bundle for every stage.
 */
export async function loadRuntimeConfig(): Promise<void> {
  const response = await fetch("/config.json", { cache: "no-store" }).catch(() => null);
  const config = response?.ok ? ((await response.json()) as { apiBase?: string }) : {};
  if (config.apiBase) API_BASE = config.apiBase.replace(/\/$/, "");
}
let refreshing: Promise<boolean> | null = null;
/** Why the last refresh failed when the session still stands (the CRM briefly unavailable, say): not a sign-out. */
let refreshProblem: Problem | null = null;

/** Trades the refresh token for a new access token; one at a time, whoever asks. */
export function refreshSession(): Promise<boolean> {
  const refreshToken = session.refreshToken;
  if (!refreshToken) return Promise.resolve(false);
  refreshing ??= fetch(`${API_BASE}/auth/refresh`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ refreshToken }),
  })
    .then(async (response) => {
      refreshProblem = null;
      if (response.ok) {
        session.signIn((await response.json()) as Tokens);
        return true;
      }
      if (response.status === 401) session.signOut();
      else
        refreshProblem = ((await response.json().catch(() => null)) as Problem | null) ?? {
          type: "about:blank",
          title: response.statusText,
          status: response.status,
        };
      return false;
    })
    .catch(() => false)
    .finally(() => {
      refreshing = null;
    });
  return refreshing;
}

export async function request<T>(
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<{ data: T; etag: string | null }> {
  const send = async () => {
    const headers: Record<string, string> = { accept: "application/json" };
    if (options.body !== undefined) headers["content-type"] = "application/json";
    if (options.bytes) headers["content-type"] = "application/octet-stream";
    if (options.ifMatch) headers["if-match"] = options.ifMatch;
    if (options.idempotencyKey) headers["idempotency-key"] = options.idempotencyKey;
    if (!options.anonymous && session.accessToken) headers.authorization = `Bearer ${session.accessToken}`;
    return fetch(`${API_BASE}${path}`, {
      method,
      headers,
      body: options.bytes ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
    });
  };
  // A refresh that failed for a while (503) keeps the session: say so, rather than ask without a token and read "sign in".
  if (!options.anonymous && !session.accessToken && !(await refreshSession()) && session.refreshToken) {
    if (refreshProblem) throw new ApiError(refreshProblem);
  }
  let response = await send();
  if (response.status === 401 && !options.anonymous && (await refreshSession())) response = await send();
  if (!response.ok) {
    const problem = (await response.json().catch(() => null)) as Problem | null;
    throw new ApiError(
      problem ?? { type: "about:blank", title: response.statusText, status: response.status },
    );
  }
  const data = (
    response.status === 204 ? null : options.asBlob ? await response.blob() : await jsonOrNull(response)
  ) as T;
  return { data, etag: response.headers.get("etag") };
}

/** A JSON body, or null for an answer without one (a 202 that says nothing more). */
async function jsonOrNull(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}
