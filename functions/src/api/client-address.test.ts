import { describe, expect, it } from "vitest";
import { addressSubject, clientAddress, UNKNOWN_ADDRESS } from "./client-address.js";

describe("the client's address", () => {
  it("is API Gateway's source IP in Lambda", () => {
    const env = { event: { requestContext: { http: { sourceIp: "203.0.113.7" } } } };
    expect(clientAddress(env)).toBe("203.0.113.7");
  });

  it("is the socket's peer on Node", () => {
    expect(clientAddress({ incoming: { socket: { remoteAddress: "::ffff:127.0.0.1" } } })).toBe("127.0.0.1");
  });

  it("is one fixed subject when the runtime names none", () => {
    expect(clientAddress(undefined)).toBe(UNKNOWN_ADDRESS);
    expect(clientAddress({})).toBe(UNKNOWN_ADDRESS);
  });

  it("counts an IPv6 client by its /64, however it writes the rest", () => {
    const subject = addressSubject("2001:db8:0:1::1");
    expect(subject).toBe("2001:db8:0:1::/64");
    expect(addressSubject("2001:0DB8:0000:0001:ffff:eeee:dddd:cccc")).toBe(subject);
    expect(addressSubject("2001:db8:0:1:0:0:0:2%eth0")).toBe(subject);
    expect(addressSubject("2001:db8:0:2::1")).not.toBe(subject);
    expect(addressSubject("::1")).toBe("0:0:0:0::/64");
  });
});
