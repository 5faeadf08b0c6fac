import "./messages.js";

export * from "./auth.js";
export * from "./constants.js";
export * from "./contact.js";
export * from "./custom-field.js";
export * from "./customer.js";
export * from "./customer-history.js";
export * from "./customer-merge.js";
export * from "./email.js";
export * from "./errors.js";
export * from "./password.js";
export * from "./phone.js";
export * from "./roles.js";
export * from "./search-name.js";
export * from "./settings.js";
export * from "./tenant.js";
export * from "./transaction.js";
export * from "./user.js";
