import { z } from "zod";

/**
 * Plain words for the two problems every form meets, whichever schema finds
 * them; specific rules carry their own messages.
 */
z.config({
  customError: (issue) => {
    if (issue.code === "invalid_type" && issue.input === undefined) return "This field is required.";
    if (issue.code === "invalid_type") return `Expected ${issue.expected}.`;
    return undefined;
  },
});
