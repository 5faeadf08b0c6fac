import "./messages.js";

export * from "./auth.js";
export * from "./constants.js";
export * from "./email.js";
export * from "./errors.js";
export * from "./password.js";
export * from "./roles.js";
export * from "./settings.js";
export * from "./tenant.js";
export * from "./user.js";
