import type {
  AdminInitiateAuthCommand,
  AttributeType,
  CognitoIdentityProviderClient,
} from "@aws-sdk/client-cognito-identity-provider";
import { fail, type Role } from "@crm/domain";
import type { USER_POOL_DESIGN } from "./user-pool-design.js";

type CognitoSdk = typeof import("@aws-sdk/client-cognito-identity-provider");

export type IssuedTokens = {
  /** The Cognito ID token: it carries custom:tenantId, which the API trusts only after verifying it. */
  idToken: string;
  refreshToken: string;
  expiresIn: number;
};

export class EmailTaken extends Error {
  constructor() {
    super("An account with this email exists already.");
  }
}

/** The custom attributes every user carries; users cannot write them (see the app client). */
export const CLAIMS = { tenantId: "custom:tenantId", role: "custom:role" } as const satisfies Record<
  keyof typeof USER_POOL_DESIGN.customAttributes,
  string
>;

const wrongCredentials = () => fail("credentials-wrong");

/**
 * The identity provider, through the real Cognito SDK client: in AWS it talks
 * to Cognito, in the embedded stack to cognito-local. Only the endpoint differs.
 */
export class CognitoIdentity {
  #cognito: Promise<{ client: CognitoIdentityProviderClient; sdk: CognitoSdk }> | undefined;

  /**
   * `client` may be given as a function that makes it: the SDK is then
   * loaded at the first call, not at a Lambda's cold start (few requests
   * reach the identity provider).
   */
  constructor(
    private readonly client: CognitoIdentityProviderClient | (() => Promise<CognitoIdentityProviderClient>),
    private readonly userPoolId: string,
    private readonly clientId: string,
  ) {}

  private cognito() {
    this.#cognito ??= Promise.all([
      typeof this.client === "function" ? this.client() : this.client,
      import("@aws-sdk/client-cognito-identity-provider"),
    ]).then(
      ([client, sdk]) => ({ client, sdk }),
      (error) => {
        this.#cognito = undefined;
        throw error;
      },
    );
    return this.#cognito;
  }

  /** Creates the account; without a password the person sets one by accepting an invitation. */
  async createUser(user: {
    email: string;
    name: string;
    tenantId: string;
    role: Role;
    password?: string;
  }): Promise<{ userId: string }> {
    const { client, sdk } = await this.cognito();
    let attributes: AttributeType[] | undefined;
    try {
      const created = await client.send(
        new sdk.AdminCreateUserCommand({
          UserPoolId: this.userPoolId,
          Username: user.email,
          MessageAction: "SUPPRESS",
          UserAttributes: [
            { Name: "email", Value: user.email },
            { Name: "email_verified", Value: "true" },
            { Name: "name", Value: user.name },
            { Name: CLAIMS.tenantId, Value: user.tenantId },
            { Name: CLAIMS.role, Value: user.role },
          ],
        }),
      );
      attributes = created.User?.Attributes;
    } catch (error) {
      if (error instanceof Error && error.name === "UsernameExistsException") throw new EmailTaken();
      throw error;
    }
    const userId = attributes?.find((attribute) => attribute.Name === "sub")?.Value;
    if (!userId) throw new Error("The identity provider created a user without a sub.");
    if (user.password) await this.setPassword(user.email, user.password);
    return { userId };
  }

  /** passwordSet is false while the account still waits for its first password (an unaccepted invitation). */
  async findUser(
    email: string,
  ): Promise<{ userId: string; tenantId: string | undefined; passwordSet: boolean } | undefined> {
    const { client, sdk } = await this.cognito();
    try {
      const found = await client.send(
        new sdk.AdminGetUserCommand({ UserPoolId: this.userPoolId, Username: email }),
      );
      const attribute = (name: string) => found.UserAttributes?.find((a) => a.Name === name)?.Value;
      const userId = attribute("sub");
      const passwordSet = found.UserStatus !== "FORCE_CHANGE_PASSWORD";
      return userId ? { userId, tenantId: attribute(CLAIMS.tenantId), passwordSet } : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === "UserNotFoundException") return undefined;
      throw error;
    }
  }

  async setPassword(email: string, password: string): Promise<void> {
    const { client, sdk } = await this.cognito();
    await client.send(
      new sdk.AdminSetUserPasswordCommand({
        UserPoolId: this.userPoolId,
        Username: email,
        Password: password,
        Permanent: true,
      }),
    );
  }

  async setRole(email: string, role: Role): Promise<void> {
    const { client, sdk } = await this.cognito();
    await client.send(
      new sdk.AdminUpdateUserAttributesCommand({
        UserPoolId: this.userPoolId,
        Username: email,
        UserAttributes: [{ Name: CLAIMS.role, Value: role }],
      }),
    );
  }

  async setEnabled(email: string, enabled: boolean): Promise<void> {
    const { client, sdk } = await this.cognito();
    const input = { UserPoolId: this.userPoolId, Username: email };
    await client.send(
      enabled ? new sdk.AdminEnableUserCommand(input) : new sdk.AdminDisableUserCommand(input),
    );
  }

  async deleteUser(email: string): Promise<void> {
    const { client, sdk } = await this.cognito();
    await client.send(new sdk.AdminDeleteUserCommand({ UserPoolId: this.userPoolId, Username: email }));
  }

  async login(email: string, password: string): Promise<IssuedTokens> {
    const result = await this.authenticate({
      AuthFlow: "ADMIN_USER_PASSWORD_AUTH",
      AuthParameters: { USERNAME: email, PASSWORD: password },
    });
    if (!result.RefreshToken) throw wrongCredentials();
    return { idToken: result.IdToken, refreshToken: result.RefreshToken, expiresIn: result.ExpiresIn };
  }

  async refresh(refreshToken: string): Promise<IssuedTokens> {
    const result = await this.authenticate({
      AuthFlow: "REFRESH_TOKEN_AUTH",
      AuthParameters: { REFRESH_TOKEN: refreshToken },
    });
    return { idToken: result.IdToken, refreshToken, expiresIn: result.ExpiresIn };
  }

  /**
   * Revokes every refresh token of the person: each of their sessions ends
   * at its next refresh. (cognito-local lacks this call; the embedded stack
   * adds it, see cognito-local-keys.cjs.)
   */
  async signOutEverywhere(email: string): Promise<void> {
    const { client, sdk } = await this.cognito();
    await client.send(
      new sdk.AdminUserGlobalSignOutCommand({ UserPoolId: this.userPoolId, Username: email }),
    );
  }

  /** Signing out twice, or with a token that is no longer valid, still ends signed out. */
  async revoke(refreshToken: string): Promise<void> {
    const { client, sdk } = await this.cognito();
    try {
      await client.send(new sdk.RevokeTokenCommand({ ClientId: this.clientId, Token: refreshToken }));
    } catch (error) {
      const spent = ["NotAuthorizedException", "UnauthorizedException", "UnsupportedTokenTypeException"];
      if (!(error instanceof Error && spent.includes(error.name))) throw error;
    }
  }

  private async authenticate(
    request: Pick<ConstructorParameters<typeof AdminInitiateAuthCommand>[0], "AuthFlow" | "AuthParameters">,
  ) {
    const { client, sdk } = await this.cognito();
    try {
      const response = await client.send(
        new sdk.AdminInitiateAuthCommand({
          UserPoolId: this.userPoolId,
          ClientId: this.clientId,
          ...request,
        }),
      );
      const result = response.AuthenticationResult;
      // A challenge (an invited user who has not set a password) is not a login either.
      if (!result?.IdToken) throw wrongCredentials();
      return {
        IdToken: result.IdToken,
        RefreshToken: result.RefreshToken,
        ExpiresIn: result.ExpiresIn ?? 3600,
      };
    } catch (error) {
      if (
        error instanceof Error &&
        [
          "NotAuthorizedException",
          "UserNotFoundException",
          "PasswordResetRequiredException",
          "UserNotConfirmedException",
          // cognito-local's word for a wrong password; Cognito's is NotAuthorizedException.
          "InvalidPasswordException",
        ].includes(error.name)
      ) {
        throw wrongCredentials();
      }
      throw error;
    }
  }
}
