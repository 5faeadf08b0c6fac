/**
 * The user pool, defined once: cognito-local is set up from this in the
 * embedded stack, and the CDK Auth construct builds the Cognito pool from it.
 */
export const USER_POOL_DESIGN = {
  /** custom:tenantId never changes; custom:role follows the user record. Users can write neither. */
  customAttributes: {
    tenantId: { mutable: false, maxLength: 32 },
    role: { mutable: true, maxLength: 16 },
  },
  tokenValidity: { idTokenMinutes: 60, accessTokenMinutes: 60, refreshTokenDays: 30 },
  /**
   * The API signs people in server-side (ADMIN_USER_PASSWORD_AUTH), so the
   * password flow is not open to direct calls on the app client; SRP stays
   * available to clients that talk to Cognito themselves.
   */
  authFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
} as const;
