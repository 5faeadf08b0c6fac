import { request } from "node:http";
import { createApi } from "@crm/functions/api/app";
import { createDeps } from "@crm/functions/deps";
import { describe, expect, it } from "vitest";
import { addMember, crm, signUpTenant, uniqueEmail } from "../support/api.js";

type RawAnswer = { status: number; contentType: string | undefined; body: any };

/** One call to the embedded stack with a Host header of our choosing (fetch always sends the URL's). */
function callAs(
  host: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown } = {},
): Promise<RawAnswer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const sent = request(
      `${crm().url}${path}`,
      {
        method,
        headers: {
          host,
          ...(options.token && { authorization: `Bearer ${options.token}` }),
          ...(payload && { "content-type": "application/json" }),
        },
      },
      (answer) => {
        let text = "";
        answer.setEncoding("utf8");
        answer.on("data", (chunk: string) => {
          text += chunk;
        });
        answer.on("end", () => {
          let body: unknown = text;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            // Not JSON: keep the text.
          }
          resolve({ status: answer.statusCode ?? 0, contentType: answer.headers["content-type"], body });
        });
      },
    );
    sent.on("error", reject);
    sent.end(payload);
  });
}

describe("the Host header (DNS rebinding, forged links)", () => {
  const port = () => new URL(crm().url).port;

  it("refuses a request addressed to any other host than an IP address or localhost with 421", async () => {
    for (const host of [`evil.example:${port()}`, "evil.example", `127.0.0.1.nip.io:${port()}`]) {
      const api = await callAs(host, "GET", "/v1/reference");
      expect(api.status, host).toBe(421);
      expect(api.contentType, host).toBe("application/problem+json");
      expect(api.body, host).toMatchObject({ status: 421, code: "host-not-allowed" });
      const signup = await callAs(host, "POST", "/v1/signup", { body: {} });
      expect(signup.status, host).toBe(421);
      const page = await callAs(host, "GET", "/");
      expect(page.status, host).toBe(421);
    }
  });

  it("serves requests addressed to 127.0.0.1, localhost or a LAN address (HOST=0.0.0.0 from a phone)", async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `192.168.1.23:${port()}`, "[::1]"]) {
      expect((await callAs(host, "GET", "/v1/reference")).status, host).toBe(200);
      expect((await callAs(host, "GET", "/")).status, host).toBe(200);
    }
  });

  it("shows invitation and reset links at the configured web client, whatever Host the admin's request names", async () => {
    const tenant = await signUpTenant("host-links");
    const rep = await addMember(tenant.admin.token, "rep", "host-rep");
    const token = tenant.admin.token;
    // Through the embedded server: a Host it accepts but that is not its own address.
    const lan = `192.168.1.23:${port()}`;
    const invited = await callAs(lan, "POST", "/v1/users", {
      token,
      body: { email: uniqueEmail("host-invitee"), name: "Host Invitee", role: "rep" },
    });
    expect(invited.status).toBe(201);
    expect(invited.body.invitation.url).toBe(`${crm().url}/invite#${invited.body.invitation.token}`);
    const reset = await callAs(lan, "POST", `/v1/users/${rep.id}/password-reset`, { token });
    expect(reset.status).toBe(201);
    expect(reset.body.url).toBe(`${crm().url}/reset-password#${reset.body.token}`);

    // The app itself (as in Lambda, without the embedded server's Host check), asked at a forged host.
    const api = createApi(createDeps(crm().config));
    const forged = (path: string, body?: unknown) =>
      api.request(`http://evil.example${path}`, {
        method: "POST",
        headers: {
          host: "evil.example",
          authorization: `Bearer ${token}`,
          ...(body !== undefined && { "content-type": "application/json" }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    const forgedReset = await forged(`/v1/users/${rep.id}/password-reset`);
    expect(forgedReset.status).toBe(201);
    const resetBody = await forgedReset.json();
    expect(resetBody.url).toBe(`${crm().url}/reset-password#${resetBody.token}`);
    const forgedInvite = await forged("/v1/users", {
      email: uniqueEmail("forged-invitee"),
      name: "Forged Invitee",
      role: "rep",
    });
    expect(forgedInvite.status).toBe(201);
    const inviteBody = await forgedInvite.json();
    expect(inviteBody.invitation.url).toBe(`${crm().url}/invite#${inviteBody.invitation.token}`);
    const again = await forged(`/v1/users/${inviteBody.id}/invitation`);
    expect(again.status).toBe(201);
    const againBody = await again.json();
    expect(againBody.url).toBe(`${crm().url}/invite#${againBody.token}`);
    expect(JSON.stringify([resetBody, inviteBody, againBody])).not.toContain("evil.example");
  });
});
