import { randomUUID } from "node:crypto";
import { inject } from "vitest";

export const crm = () => inject("crm");

export type Answer<T = any> = { status: number; body: T; headers: Headers };

/** One HTTP call to the CRM, as a client would make it. */
export async function call<T = any>(
  method: string,
  path: string,
  options: {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
    raw?: string | Uint8Array;
  } = {},
): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined || options.raw !== undefined) headers["content-type"] ??= "application/json";
  const response = await fetch(`${crm().url}${path}`, {
    method,
    headers,
    body:
      (options.raw as BodyInit | undefined) ??
      (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (the reference page): keep the text.
  }
  return { status: response.status, body: body as T, headers: response.headers };
}

export const PASSWORD = "Correct-Horse-42";
export const uniqueEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

export type Member = { id: string; email: string; password: string; token: string; refreshToken: string };
export type TestTenant = { tenantId: string; admin: Member };

export async function login(email: string, password = PASSWORD) {
  const answer = await call("POST", "/v1/auth/login", { body: { email, password } });
  if (answer.status !== 200)
    throw new Error(`login ${email}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body as { accessToken: string; refreshToken: string; expiresIn: number };
}

/** A new company with its admin signed in. */
export async function signUpTenant(label: string, extra: Record<string, unknown> = {}): Promise<TestTenant> {
  const email = uniqueEmail(label);
  const signup = await call("POST", "/v1/signup", {
    body: {
      companyName: `${label} Ltd`,
      adminName: `${label} Admin`,
      adminEmail: email,
      password: PASSWORD,
      ...extra,
    },
  });
  if (signup.status !== 201) throw new Error(`signup: ${signup.status} ${JSON.stringify(signup.body)}`);
  const session = await login(email);
  return {
    tenantId: signup.body.tenantId,
    admin: {
      id: signup.body.admin.id,
      email,
      password: PASSWORD,
      token: session.accessToken,
      refreshToken: session.refreshToken,
    },
  };
}

/** Invites someone with the given role and has them accept, as they would from the link. */
export async function addMember(
  adminToken: string,
  role: "admin" | "manager" | "rep",
  label: string = role,
): Promise<Member> {
  const email = uniqueEmail(label);
  const invited = await call("POST", "/v1/users", {
    token: adminToken,
    body: { email, name: `${label} person`, role },
  });
  if (invited.status !== 201) throw new Error(`invite: ${invited.status} ${JSON.stringify(invited.body)}`);
  const accepted = await call("POST", "/v1/auth/invitations/accept", {
    body: { token: invited.body.invitation.token, password: PASSWORD },
  });
  if (accepted.status !== 200) throw new Error(`accept: ${accepted.status} ${JSON.stringify(accepted.body)}`);
  return {
    id: invited.body.id,
    email,
    password: PASSWORD,
    token: accepted.body.accessToken,
    refreshToken: accepted.body.refreshToken,
  };
}

export const ifMatch = (version: number) => ({ "if-match": `"${version}"` });

/** A purchase as the transactions API takes it, in CNY minor units. */
export const purchase = (amount: number, occurredAt: string, extra: Record<string, unknown> = {}) => ({
  occurredAt,
  amount,
  currency: "CNY",
  kind: "purchase",
  ...extra,
});
