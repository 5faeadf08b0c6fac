import { TENANT_LISTING, tenantAccessRoleStatement } from "@crm/data";
import { Duration, RemovalPolicy, Stack } from "aws-cdk-lib";
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpJwtAuthorizer } from "aws-cdk-lib/aws-apigatewayv2-authorizers";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { UserPool, UserPoolClient } from "aws-cdk-lib/aws-cognito";
import type { TableV2 } from "aws-cdk-lib/aws-dynamodb";
import { PolicyStatement, Role } from "aws-cdk-lib/aws-iam";
import type { NodejsFunction } from "aws-cdk-lib/aws-lambda-nodejs";
import { LogGroup, RetentionDays } from "aws-cdk-lib/aws-logs";
import { Secret } from "aws-cdk-lib/aws-secretsmanager";
import { Construct } from "constructs";
import { crmFunction } from "./function.js";
import { isProd, type Stage } from "./stage.js";

export type ApiProps = {
  stage: Stage;
  table: TableV2;
  tenantTablePrefix: string;
  tenantTablesArn: string;
  /** Rate-limit counters: the one table the function reaches with its own role. */
  limitsTable: TableV2;
  userPool: UserPool;
  client: UserPoolClient;
  /**
   * Who the CRM's emails come from (`Name <address>` or an address), an
   * identity verified in SES: the function may send as this address only.
   */
  mailFrom: string;
};

/** The sender until one is given (`-c mailFrom=...`): SES refuses it, so no mail goes until then. */
export const DEFAULT_MAIL_FROM = "CRM <no-reply@example.com>";

/** The bare address of a sender written `Name <address>`. */
export const senderAddress = (sender: string) => (/<([^<>\s]+)>\s*$/.exec(sender)?.[1] ?? sender).trim();

/** Routes that work without a token; everything else needs a valid ID token. */
export const PUBLIC_ROUTES: Array<[HttpMethod, string]> = [
  // CORS preflights carry no token; the app answers them (only the web origin gets allow headers).
  [HttpMethod.OPTIONS, "/v1/{proxy+}"],
  [HttpMethod.POST, "/v1/signup"],
  [HttpMethod.POST, "/v1/auth/login"],
  [HttpMethod.POST, "/v1/auth/refresh"],
  [HttpMethod.POST, "/v1/auth/logout"],
  [HttpMethod.POST, "/v1/auth/invitations/accept"],
  [HttpMethod.POST, "/v1/auth/forgot-password"],
  [HttpMethod.POST, "/v1/auth/reset-password"],
  [HttpMethod.GET, "/v1/openapi.json"],
  [HttpMethod.GET, "/v1/reference"],
];

/** The default per-route throttle of the stage: what one API as a whole takes. */
export const API_THROTTLE = { rateLimit: 100, burstLimit: 200 };

/**
 * The HTTP API and its Lambda. The function's own role cannot read or write
 * tenant data: per request it assumes the tenant access role with a session
 * policy and tag that hold it to one tenant's keys.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly handler: NodejsFunction;
  readonly tenantAccessRole: Role;
  /** The pooled table's tenant listing index, which a function may query for the "TENANTS" partition only. */
  private readonly tenantListingArn: string;
  /** The deployment's one secret; cursor, fingerprint and rate-limit keys derive from it. */
  readonly deploymentSecret: Secret;
  readonly stage: HttpStage;
  /** Signup, sign-in and the API description: no token by design. */
  readonly publicRoutes: HttpRoute[];

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    const stack = Stack.of(this);

    this.handler = crmFunction(this, "Handler", {
      entry: "api.ts",
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: {
        TABLE_NAME: props.table.tableName,
        TABLE_ARN: props.table.tableArn,
        TENANT_TABLE_PREFIX: props.tenantTablePrefix,
        LIMITS_TABLE_NAME: props.limitsTable.tableName,
        USER_POOL_ID: props.userPool.userPoolId,
        USER_POOL_CLIENT_ID: props.client.userPoolClientId,
        MAIL_FROM: props.mailFrom,
        POWERTOOLS_SERVICE_NAME: "crm-api",
      },
    });

    this.deploymentSecret = new Secret(this, "DeploymentSecret", {
      description:
        "The deployment's secret: page cursors, request fingerprints and rate-limit keys derive from it.",
      // 64 letters and digits (about 380 bits); no punctuation, so it survives any copy or shell.
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Losing it would invalidate every open cursor and idempotency record of the stage.
      removalPolicy: isProd(props.stage) ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.handler.addEnvironment("DEPLOYMENT_SECRET_ARN", this.deploymentSecret.secretArn);
    // Read only, this secret only (grantRead would add DescribeSecret, which the app does not need).
    this.handler.addToRolePolicy(
      new PolicyStatement({
        actions: ["secretsmanager:GetSecretValue"],
        resources: [this.deploymentSecret.secretArn],
      }),
    );

    const handlerRole = this.handler.role;
    if (!handlerRole) throw new Error("The API function has no role.");
    // The role a request assumes for one tenant; its permission is keyed on the TenantId session tag.
    this.tenantAccessRole = new Role(this, "TenantAccessRole", {
      assumedBy: handlerRole.grantPrincipal,
      description: "Assumed per request with a TenantId tag and session policy: one tenant's items only.",
      maxSessionDuration: Duration.hours(1),
    });
    this.tenantAccessRole.assumeRolePolicy?.addStatements(
      new PolicyStatement({ actions: ["sts:TagSession"], principals: [handlerRole.grantPrincipal] }),
    );
    this.tenantAccessRole.addToPolicy(
      PolicyStatement.fromJson(tenantAccessRoleStatement([props.table.tableArn, props.tenantTablesArn])),
    );
    this.tenantListingArn = `${props.table.tableArn}/index/${TENANT_LISTING.index}`;
    this.allowTenantSessions(this.handler);
    // No table permissions: signup makes pooled tenants only; dedicated tables are made by
    // `pnpm tenant:move`, with the operator's own credentials (docs/tenancy.md).
    // Rate-limit counters are added to (and given back) with UpdateItem alone; no read, no other table.
    this.handler.addToRolePolicy(
      new PolicyStatement({ actions: ["dynamodb:UpdateItem"], resources: [props.limitsTable.tableArn] }),
    );
    this.handler.addToRolePolicy(
      new PolicyStatement({
        actions: [
          "cognito-idp:AdminCreateUser",
          "cognito-idp:AdminGetUser",
          "cognito-idp:AdminSetUserPassword",
          "cognito-idp:AdminUpdateUserAttributes",
          "cognito-idp:AdminDisableUser",
          "cognito-idp:AdminEnableUser",
          "cognito-idp:AdminDeleteUser",
          "cognito-idp:AdminInitiateAuth",
          // A changed or reset password ends the person's other sessions.
          "cognito-idp:AdminUserGlobalSignOut",
        ],
        resources: [props.userPool.userPoolArn],
      }),
    );
    // The one outbound mail port in AWS is SES: SendEmail as the configured sender only. Identities
    // are named by a wildcard because SES checks the recipient's too while the account is in the
    // SES sandbox; the sender condition is what holds.
    this.handler.addToRolePolicy(
      new PolicyStatement({
        actions: ["ses:SendEmail"],
        resources: [`arn:${stack.partition}:ses:${stack.region}:${stack.account}:identity/*`],
        conditions: { StringEquals: { "ses:FromAddress": senderAddress(props.mailFrom) } },
      }),
    );

    const integration = new HttpLambdaIntegration("Lambda", this.handler);
    this.httpApi = new HttpApi(this, "Http", {
      apiName: `crm-${props.stage}`,
      createDefaultStage: false,
      // No corsPreflight: CORS is answered by the app from WEB_URL. Configured here, the API would
      // reference the distribution, whose CSP references the API: a dependency cycle.
      defaultAuthorizer: new HttpJwtAuthorizer(
        "IdToken",
        `https://cognito-idp.${stack.region}.amazonaws.com/${props.userPool.userPoolId}`,
        { jwtAudience: [props.client.userPoolClientId] },
      ),
    });
    this.httpApi.addRoutes({ path: "/v1/{proxy+}", methods: [HttpMethod.ANY], integration });
    this.publicRoutes = PUBLIC_ROUTES.flatMap(([method, path]) =>
      this.httpApi.addRoutes({ path, methods: [method], integration, authorizer: new HttpNoneAuthorizer() }),
    );

    const accessLogs = new LogGroup(this, "AccessLogs", { retention: RetentionDays.ONE_MONTH });
    this.stage = new HttpStage(this, "Stage", {
      httpApi: this.httpApi,
      stageName: "$default",
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: { destination: new LogGroupLogDestination(accessLogs) },
    });
  }

  /**
   * Lets a function reach tenant data the only way there is: by assuming the
   * tenant access role with a TenantId tag (the job worker uses this too).
   */
  allowTenantSessions(fn: NodejsFunction) {
    if (fn !== this.handler) {
      this.tenantAccessRole.assumeRolePolicy?.addStatements(
        new PolicyStatement({
          actions: ["sts:AssumeRole", "sts:TagSession"],
          principals: [fn.grantPrincipal],
        }),
      );
    }
    fn.addEnvironment("TENANT_ACCESS_ROLE_ARN", this.tenantAccessRole.roleArn);
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ["sts:AssumeRole", "sts:TagSession"],
        resources: [this.tenantAccessRole.roleArn],
      }),
    );
    // Before asking for a tenant's session, the function checks that the tenant exists in the tenant
    // listing (CrmStore.findTenant), so a made-up tenant id costs no sts:AssumeRole: that index's
    // "TENANTS" partition and nothing else, which holds ids, plans and time zones, no tenant's data.
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ["dynamodb:Query"],
        resources: [this.tenantListingArn],
        conditions: { "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": [TENANT_LISTING.partition] } },
      }),
    );
  }

  /** The API's base URL, ending in a slash. */
  get url(): string {
    return this.stage.url;
  }
}
