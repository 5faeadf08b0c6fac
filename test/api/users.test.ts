import { describe, expect, it } from "vitest";
import { addMember, call, ifMatch, login, PASSWORD, signUpTenant, uniqueEmail } from "../support/api.js";

describe("users", () => {
  it("invites a rep who accepts the link, signs in and appears in the list", async () => {
    const { admin } = await signUpTenant("invite");
    const email = uniqueEmail("rep");
    const invited = await call("POST", "/v1/users", {
      token: admin.token,
      body: { email, name: "Rita Rep", role: "rep" },
    });
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ email, role: "rep", status: "invited", active: true });
    expect(invited.body.invitation.url).toContain(`/invite#${invited.body.invitation.token}`);
    // Until they accept, the invited person cannot sign in.
    expect((await call("POST", "/v1/auth/login", { body: { email, password: PASSWORD } })).status).toBe(401);

    const accepted = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: invited.body.invitation.token, password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
    const me = await call("GET", "/v1/me", { token: accepted.body.accessToken });
    expect(me.body.user).toMatchObject({ email, role: "rep", status: "active" });
    // A link works once.
    const again = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: invited.body.invitation.token, password: PASSWORD },
    });
    expect(again.status).toBe(410);

    const list = await call("GET", "/v1/users", { token: admin.token });
    expect(list.body.items.map((user: { email: string }) => user.email).sort()).toEqual(
      [admin.email, email].sort(),
    );
  });

  it("creates one user for a retried invitation with the same Idempotency-Key", async () => {
    const { admin } = await signUpTenant("invite-retry");
    const body = { email: uniqueEmail("once"), name: "Once", role: "manager" };
    const headers = { "idempotency-key": `invite-${body.email}` };
    // A retry that arrives while the first request still runs is told 409 and tries again, as a phone would.
    const send = async () => {
      for (let attempt = 0; attempt < 50; attempt++) {
        const answer = await call("POST", "/v1/users", { token: admin.token, body, headers });
        if (answer.status !== 409) return answer;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error("still running after 5 s");
    };
    const [first, second] = await Promise.all([send(), send()]);
    const answers = [first, second].sort((a, b) => a.status - b.status);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers[0]?.body.id).toBe(answers[1]?.body.id);
    const list = await call("GET", "/v1/users", { token: admin.token });
    expect(list.body.items.filter((user: { email: string }) => user.email === body.email)).toHaveLength(1);
  });

  it("lists people by name, Chinese names in pinyin order among Latin ones, as customers are", async () => {
    const { admin } = await signUpTenant("team-order", { adminName: "王芳" });
    for (const name of ["赵小新", "Bob Li", "陈静", "ann lee", "张伟"]) {
      const invited = await call("POST", "/v1/users", {
        token: admin.token,
        body: { email: uniqueEmail("order"), name, role: "rep" },
      });
      expect(invited.status).toBe(201);
    }
    const list = await call("GET", "/v1/users", { token: admin.token });
    // ann, bob, chen, wang, zhang, zhao: not the order they came in (陈静 after 赵小新).
    expect(list.body.items.map((user: { name: string }) => user.name)).toEqual([
      "ann lee",
      "Bob Li",
      "陈静",
      "王芳",
      "张伟",
      "赵小新",
    ]);
  });

  it("refuses to invite an email that already has an account", async () => {
    const { admin } = await signUpTenant("taken");
    const other = await signUpTenant("taken-elsewhere");
    const answer = await call("POST", "/v1/users", {
      token: admin.token,
      body: { email: other.admin.email, name: "Taken", role: "rep" },
    });
    expect(answer.status).toBe(409);
  });

  it("lets only admins manage users", async () => {
    const { admin } = await signUpTenant("roles");
    const rep = await addMember(admin.token, "rep");
    const manager = await addMember(admin.token, "manager");
    for (const member of [rep, manager]) {
      expect((await call("GET", "/v1/users", { token: member.token })).status).toBe(403);
      const invite = await call("POST", "/v1/users", {
        token: member.token,
        body: { email: uniqueEmail("x"), name: "X", role: "admin" },
      });
      expect(invite.status).toBe(403);
      const promote = await call("PATCH", `/v1/users/${member.id}`, {
        token: member.token,
        headers: ifMatch(2),
        body: { role: "admin" },
      });
      expect(promote.status).toBe(403);
    }
  });

  it("applies a role change on the next request, without a new token", async () => {
    const { admin } = await signUpTenant("promote");
    const rep = await addMember(admin.token, "rep");
    expect((await call("GET", "/v1/users", { token: rep.token })).status).toBe(403);
    const user = await call("GET", `/v1/users/${rep.id}`, { token: admin.token });
    const promoted = await call("PATCH", `/v1/users/${rep.id}`, {
      token: admin.token,
      headers: { "if-match": user.headers.get("etag") ?? "" },
      body: { role: "admin" },
    });
    expect(promoted.status).toBe(200);
    expect(promoted.body.role).toBe("admin");
    expect((await call("GET", "/v1/users", { token: rep.token })).status).toBe(200);
  });

  it("refuses a deactivated user at once: requests, sign-in and refresh", async () => {
    const { admin } = await signUpTenant("deactivate");
    const rep = await addMember(admin.token, "rep");
    expect((await call("GET", "/v1/me", { token: rep.token })).status).toBe(200);
    const version = (await call("GET", `/v1/users/${rep.id}`, { token: admin.token })).body.version;
    const off = await call("PATCH", `/v1/users/${rep.id}`, {
      token: admin.token,
      headers: ifMatch(version),
      body: { active: false },
    });
    expect(off.status).toBe(200);
    expect(off.body.status).toBe("deactivated");
    expect((await call("GET", "/v1/me", { token: rep.token })).status).toBe(401);
    expect(
      (await call("POST", "/v1/auth/login", { body: { email: rep.email, password: PASSWORD } })).status,
    ).toBe(401);
    expect(
      (await call("POST", "/v1/auth/refresh", { body: { refreshToken: rep.refreshToken } })).status,
    ).toBe(401);

    const on = await call("PATCH", `/v1/users/${rep.id}`, {
      token: admin.token,
      headers: ifMatch(off.body.version),
      body: { active: true },
    });
    expect(on.status).toBe(200);
    const session = await login(rep.email);
    expect((await call("GET", "/v1/me", { token: session.accessToken })).status).toBe(200);
  });

  it("keeps at least one active admin", async () => {
    const { admin } = await signUpTenant("last-admin");
    const demote = await call("PATCH", `/v1/users/${admin.id}`, {
      token: admin.token,
      headers: ifMatch(1),
      body: { role: "manager" },
    });
    expect(demote.status).toBe(409);
    const deactivate = await call("PATCH", `/v1/users/${admin.id}`, {
      token: admin.token,
      headers: ifMatch(1),
      body: { active: false },
    });
    expect(deactivate.status).toBe(409);
    expect((await call("GET", "/v1/me", { token: admin.token })).body.user.role).toBe("admin");
  });

  it("lets one of two admins demoting each other at once win, never both", async () => {
    const { admin } = await signUpTenant("race");
    const second = await addMember(admin.token, "admin");
    const secondVersion = (await call("GET", `/v1/users/${second.id}`, { token: admin.token })).body.version;
    const [a, b] = await Promise.all([
      call("PATCH", `/v1/users/${second.id}`, {
        token: admin.token,
        headers: ifMatch(secondVersion),
        body: { role: "rep" },
      }),
      call("PATCH", `/v1/users/${admin.id}`, {
        token: second.token,
        headers: ifMatch(1),
        body: { role: "rep" },
      }),
    ]);
    expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
    const list = await call("GET", "/v1/users", { token: a.status === 200 ? admin.token : second.token });
    const admins = list.body.items.filter(
      (user: { role: string; active: boolean }) => user.role === "admin" && user.active,
    );
    expect(admins).toHaveLength(1);
  });

  it("needs the version an edit was made against: none → 428, stale → 412", async () => {
    const { admin } = await signUpTenant("versions");
    const rep = await addMember(admin.token, "rep");
    const current = (await call("GET", `/v1/users/${rep.id}`, { token: admin.token })).body.version;
    const none = await call("PATCH", `/v1/users/${rep.id}`, {
      token: admin.token,
      body: { role: "manager" },
    });
    expect(none.status).toBe(428);
    const ok = await call("PATCH", `/v1/users/${rep.id}`, {
      token: admin.token,
      headers: ifMatch(current),
      body: { role: "manager" },
    });
    expect(ok.status).toBe(200);
    const stale = await call("PATCH", `/v1/users/${rep.id}`, {
      token: admin.token,
      headers: ifMatch(current),
      body: { role: "admin" },
    });
    expect(stale.status).toBe(412);
    expect(stale.body.currentVersion).toBe(ok.body.version);
    expect((await call("GET", `/v1/users/${rep.id}`, { token: admin.token })).body.role).toBe("manager");
  });

  it("issues a new invitation link, and only to people who have not joined", async () => {
    const { admin } = await signUpTenant("reinvite");
    const invited = await call("POST", "/v1/users", {
      token: admin.token,
      body: { email: uniqueEmail("late"), name: "Late", role: "rep" },
    });
    const fresh = await call("POST", `/v1/users/${invited.body.id}/invitation`, { token: admin.token });
    expect(fresh.status).toBe(201);
    const accepted = await call("POST", "/v1/auth/invitations/accept", {
      body: { token: fresh.body.token, password: PASSWORD },
    });
    expect(accepted.status).toBe(200);
    expect(
      (await call("POST", `/v1/users/${invited.body.id}/invitation`, { token: admin.token })).status,
    ).toBe(409);
  });

  it("rejects a bad invitation with every problem listed", async () => {
    const { admin } = await signUpTenant("bad-invite");
    const answer = await call("POST", "/v1/users", {
      token: admin.token,
      body: { email: "nope", name: "", role: "boss" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((error: { path: string }) => error.path).sort()).toEqual([
      "email",
      "name",
      "role",
    ]);
    expect((await call("GET", "/v1/users", { token: admin.token })).body.items).toHaveLength(1);
  });
});
