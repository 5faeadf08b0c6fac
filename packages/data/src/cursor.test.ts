import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor.js";

const mine = { name: "gsi1pk", value: "t0000000000000000000000aa#CUSTOMERS" };
const expected = { attributes: ["pk", "sk", "gsi1pk", "gsi1sk"], partition: mine };
const key = { pk: "t0000000000000000000000aa#CUST#1", sk: "PROFILE", gsi1pk: mine.value, gsi1sk: "acme#1" };

describe("page cursors", () => {
  it("come back as the key they were made from", () => {
    expect(decodeCursor(encodeCursor(key), expected)).toEqual(key);
    expect(encodeCursor(undefined)).toBeUndefined();
    expect(decodeCursor(undefined, expected)).toBeUndefined();
  });

  it("refuse a cursor of another tenant's list", () => {
    const theirs = {
      ...key,
      pk: "t0000000000000000000000bb#CUST#1",
      gsi1pk: "t0000000000000000000000bb#CUSTOMERS",
    };
    expect(() => decodeCursor(encodeCursor(theirs), expected)).toThrow(/cursor/);
    // Same partition name, but an item key under another tenant.
    expect(() =>
      decodeCursor(encodeCursor({ ...key, pk: "t0000000000000000000000bb#CUST#1" }), expected),
    ).toThrow(/cursor/);
  });

  it("refuse made-up and mangled cursors", () => {
    for (const bad of [
      "",
      "not-base64!",
      encodeCursor({ pk: key.pk }) ?? "",
      Buffer.from("[1]").toString("base64url"),
    ]) {
      expect(() => decodeCursor(bad, expected), bad).toThrow(/cursor/);
    }
    expect(() => decodeCursor(encodeCursor({ ...key, extra: "x" }), expected)).toThrow(/cursor/);
    expect(() => decodeCursor(encodeCursor({ ...key, sk: 5 }), expected)).toThrow(/cursor/);
  });
});
