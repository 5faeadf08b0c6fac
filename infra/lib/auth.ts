import { PASSWORD_POLICY } from "@crm/domain";
import { USER_POOL_DESIGN } from "@crm/functions/identity/user-pool-design";
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import {
  AccountRecovery,
  ClientAttributes,
  FeaturePlan,
  Mfa,
  StringAttribute,
  UserPool,
  type UserPoolClient,
} from "aws-cdk-lib/aws-cognito";
import { Construct } from "constructs";
import { isProd, type Stage } from "./stage.js";

/**
 * The Cognito user pool and the web's app client, from the same user-pool
 * design and password policy the embedded stack uses.
 */
export class Auth extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;

  constructor(scope: Construct, id: string, props: { stage: Stage }) {
    super(scope, id);
    const prod = isProd(props.stage);
    const { customAttributes, tokenValidity, authFlows } = USER_POOL_DESIGN;
    this.userPool = new UserPool(this, "Users", {
      userPoolName: `crm-${props.stage}-users`,
      // People join by signing a company up or by invitation, both through the API.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: false, mutable: true },
      },
      customAttributes: Object.fromEntries(
        Object.entries(customAttributes).map(([name, attribute]) => [
          name,
          new StringAttribute({ mutable: attribute.mutable, maxLen: attribute.maxLength }),
        ]),
      ),
      passwordPolicy: {
        minLength: PASSWORD_POLICY.minLength,
        requireLowercase: PASSWORD_POLICY.requireLowercase,
        requireUppercase: PASSWORD_POLICY.requireUppercase,
        requireDigits: PASSWORD_POLICY.requireDigits,
        requireSymbols: PASSWORD_POLICY.requireSymbols,
        tempPasswordValidity: Duration.days(7),
      },
      mfa: Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      // Lite: the API needs nothing of the paid tiers (custom claims ride in the ID token).
      featurePlan: FeaturePlan.LITE,
      deletionProtection: prod,
      removalPolicy: prod ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    const standard = new ClientAttributes().withStandardAttributes({
      email: true,
      emailVerified: true,
      fullname: true,
    });
    this.client = this.userPool.addClient("Web", {
      userPoolClientName: "crm-web",
      generateSecret: false,
      authFlows: {
        adminUserPassword: authFlows.includes("ALLOW_ADMIN_USER_PASSWORD_AUTH"),
        userSrp: authFlows.includes("ALLOW_USER_SRP_AUTH"),
      },
      preventUserExistenceErrors: true,
      enableTokenRevocation: true,
      idTokenValidity: Duration.minutes(tokenValidity.idTokenMinutes),
      accessTokenValidity: Duration.minutes(tokenValidity.accessTokenMinutes),
      refreshTokenValidity: Duration.days(tokenValidity.refreshTokenDays),
      // Users read their tenant and role but can never write them: only the API (as admin) does.
      readAttributes: standard.withCustomAttributes(...Object.keys(customAttributes)),
      writeAttributes: new ClientAttributes().withStandardAttributes({ fullname: true }),
    });
  }
}
