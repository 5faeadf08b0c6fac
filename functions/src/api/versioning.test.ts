import { DomainError } from "@crm/domain";
import { describe, expect, it } from "vitest";
import { versionOfIfMatch } from "./versioning.js";

const codeOf = (header: string) => {
  try {
    return versionOfIfMatch(header);
  } catch (error) {
    return error instanceof DomainError ? error.code : error;
  }
};

describe("If-Match", () => {
  it("names the version of a strong tag", () => {
    expect(versionOfIfMatch('"7"')).toBe(7);
    expect(versionOfIfMatch(' "12" ')).toBe(12);
  });

  it("never matches a weak tag, as strong comparison requires", () => {
    expect(codeOf('W/"1"')).toBe("version-unknown");
    expect(codeOf('w/"1"')).toBe("version-unknown");
  });

  it("takes the one strong tag of a list, and refuses a list naming two versions", () => {
    expect(versionOfIfMatch('W/"1", "2"')).toBe(2);
    expect(codeOf('"1", "2"')).toBe("version-unknown");
  });

  it("refuses what names no version: a bare number, a wildcard, anything else", () => {
    for (const header of ["1", "*", '"one"', '"1', '""'])
      expect(codeOf(header), header).toBe("version-unknown");
  });
});
