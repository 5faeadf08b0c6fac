import { createServer } from "node:net";
import { DomainError } from "@crm/domain";
import { generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { isServiceUnreachable } from "../unreachable.js";
import { TokenVerifier } from "./token-verifier.js";

describe("TokenVerifier", () => {
  it("lets an unreachable key set through as an outage (503), not as a bad token (401, a sign-out)", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    const issuer = `http://127.0.0.1:${port}/pool`;
    const { privateKey } = await generateKeyPair("RS256");
    const token = await new SignJWT({ token_use: "id" })
      .setProtectedHeader({ alg: "RS256", kid: "k" })
      .setIssuer(issuer)
      .setAudience("client")
      .setSubject("user")
      .setIssuedAt()
      .setExpirationTime("1h")
      .sign(privateKey);
    const error = await new TokenVerifier(issuer, "client").verify(token).catch((caught: unknown) => caught);
    expect(error).not.toBeInstanceOf(DomainError);
    expect(isServiceUnreachable(error)).toBe(true);
  });
});
