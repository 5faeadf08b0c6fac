export * from "./dates.js";
export * from "./encoding.js";
export * from "./file-problems.js";
export * from "./jobs.js";
export * from "./mapping.js";
export * from "./rows.js";
