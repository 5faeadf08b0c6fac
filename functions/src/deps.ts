import { createDocumentClient, createDynamoClient, LimitCounters } from "@crm/data";
import type { ApiDeps } from "./api/env.js";
import { TenantLimiter } from "./api/tenant-limiter.js";
import { type ApiConfig, type DataConfig, dynamoConnection, issuerOf } from "./config.js";
import { DeploymentKeys, secretFromFile } from "./deployment-keys.js";
import { CognitoIdentity } from "./identity/identity.js";
import { TokenVerifier } from "./identity/token-verifier.js";
import type { Enqueue } from "./jobs/job-context.js";
import type { Mailer } from "./mail/mailer.js";
import { API_ITEM_CACHE_MS, createStore } from "./store.js";

/**
 * Wires the API's collaborators from its configuration: the one place that
 * does. Jobs go to SQS when a queue is configured; otherwise the caller
 * (the embedded stack) passes its local queue.
 */
export function createDeps(config: ApiConfig, enqueue?: Enqueue): ApiDeps {
  const { cognitoEndpoint, deploymentSecretFile } = config;
  // Made, and its SDK loaded, at the first call to the identity provider, not at a cold start.
  const cognito = async () => {
    const { IDENTITY_TIMEOUTS, localIdentityClient, serviceCredentials } = await import(
      "./service-credentials.js"
    );
    if (cognitoEndpoint) {
      // cognito-local answers only callers with this install's secret (see service-credentials.ts).
      return localIdentityClient(cognitoEndpoint, async () =>
        deploymentSecretFile ? serviceCredentials(deploymentSecretFile).identitySecret : "",
      );
    }
    const { CognitoIdentityProviderClient } = await import("@aws-sdk/client-cognito-identity-provider");
    return new CognitoIdentityProviderClient({ region: config.region, ...IDENTITY_TIMEOUTS });
  };
  return {
    store: createStore(config, { itemCacheMs: API_ITEM_CACHE_MS }),
    identity: new CognitoIdentity(cognito, config.userPoolId, config.userPoolClientId),
    verifier: new TokenVerifier(issuerOf(config), config.userPoolClientId),
    keys: deploymentKeys(config),
    webUrl: config.webUrl,
    limiter: new TenantLimiter(),
    // The function's own credentials: the limits table holds no tenant's data.
    limitCounters: new LimitCounters(
      createDocumentClient(createDynamoClient(dynamoConnection(config))),
      config.limitsTableName,
    ),
    enqueue:
      enqueue ??
      (config.jobQueueUrl
        ? sqsOnFirstJob(config.region, config.jobQueueUrl)
        : async () => {
            throw new Error("No job queue is configured.");
          }),
    mailer: mailerOf(config),
    mailLinkBase: config.mailLinkBase ?? config.webUrl,
  };
}

/** The sender when none is configured: fine for the mail catcher; SES needs a verified one (MAIL_FROM). */
export const DEFAULT_MAIL_FROM = "CRM <no-reply@crm.localhost>";

/**
 * The outbound mail port: SMTP to the embedded stack's mail catcher when one
 * is configured, SES otherwise. Either client is loaded at the first mail, not
 * at a Lambda's cold start: most requests send none.
 */
export function mailerOf(config: Pick<ApiConfig, "smtpUrl" | "mailFrom" | "region">): Mailer {
  const { smtpUrl, mailFrom = DEFAULT_MAIL_FROM, region } = config;
  if (smtpUrl)
    return loadedOnFirstSend(async () => {
      const { SmtpMailer } = await import("./mail/smtp-mailer.js");
      return new SmtpMailer(smtpUrl, mailFrom);
    });
  return loadedOnFirstSend(async () => {
    const [{ SESv2Client }, { SesMailer }] = await Promise.all([
      import("@aws-sdk/client-sesv2"),
      import("./mail/ses-mailer.js"),
    ]);
    return new SesMailer(new SESv2Client({ region }), mailFrom);
  });
}

/** Jobs to SQS, its client loaded at the first job queued, not at a cold start: few requests queue one. */
function sqsOnFirstJob(region: string, queueUrl: string): Enqueue {
  let enqueue: Promise<Enqueue> | undefined;
  return async (messages) => {
    enqueue ??= Promise.all([import("@aws-sdk/client-sqs"), import("./jobs/sqs-enqueue.js")]).then(
      ([{ SQSClient }, { sqsEnqueue }]) => sqsEnqueue(new SQSClient({ region }), queueUrl),
    );
    return (await enqueue)(messages);
  };
}

function loadedOnFirstSend(load: () => Promise<Mailer>): Mailer {
  let mailer: Promise<Mailer> | undefined;
  return {
    send: async (mail) => {
      mailer ??= load();
      return (await mailer).send(mail);
    },
  };
}

/** The deployment's keys: from Secrets Manager in AWS, from this install's file in the embedded stack. */
export function deploymentKeys(config: DataConfig): DeploymentKeys {
  const { deploymentSecretArn: arn, deploymentSecretFile: file } = config;
  if (file) return new DeploymentKeys(async () => secretFromFile(file));
  if (!arn) {
    return new DeploymentKeys(async () => {
      throw new Error("No deployment secret is configured (DEPLOYMENT_SECRET_ARN).");
    });
  }
  // Read once per warm container, at the first use of a key: its client is loaded then, not at a cold start.
  return new DeploymentKeys(async () => {
    const { GetSecretValueCommand, SecretsManagerClient } = await import("@aws-sdk/client-secrets-manager");
    const client = new SecretsManagerClient({ region: config.region });
    try {
      const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
      if (!SecretString) throw new Error("The deployment secret is empty.");
      return Buffer.from(SecretString, "utf8");
    } finally {
      client.destroy();
    }
  });
}
