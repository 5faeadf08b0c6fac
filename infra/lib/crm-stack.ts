import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct } from "constructs";
import { Api, DEFAULT_MAIL_FROM } from "./api.js";
import { Auth } from "./auth.js";
import { Data } from "./data.js";
import { Jobs } from "./jobs.js";
import { Observability } from "./observability.js";
import type { Stage } from "./stage.js";
import { Web } from "./web.js";

/** The whole CRM for one stage. */
export class CrmStack extends Stack {
  readonly data: Data;
  readonly auth: Auth;
  readonly api: Api;
  readonly web: Web;
  readonly jobs: Jobs;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: StackProps & { stage: Stage }) {
    // No analytics metadata: it would add a list of region names to the template.
    super(scope, id, { analyticsReporting: false, ...props });
    const { stage } = props;
    this.data = new Data(this, "Data", { stage });
    this.auth = new Auth(this, "Auth", { stage });
    this.api = new Api(this, "Api", {
      stage,
      table: this.data.table,
      tenantTablePrefix: this.data.tenantTablePrefix,
      tenantTablesArn: this.data.tenantTablesArn,
      limitsTable: this.data.limitsTable,
      userPool: this.auth.userPool,
      client: this.auth.client,
      // An SES-verified sender: -c mailFrom="CRM <no-reply@your.domain>".
      mailFrom: String(this.node.tryGetContext("mailFrom") ?? DEFAULT_MAIL_FROM),
    });
    // The client's CSP names the API's own host; the API learns the client's origin (CORS, links) from
    // WEB_URL on its function, so the HTTP API itself does not reference the distribution: no cycle.
    this.web = new Web(this, "Web", { stage, apiEndpoint: this.api.httpApi.apiEndpoint });
    this.api.handler.addEnvironment("WEB_URL", this.web.origin);
    this.web.publish({ apiBase: `${this.api.url}v1` });
    this.jobs = new Jobs(this, "Jobs", {
      stage,
      table: this.data.table,
      tenantTablePrefix: this.data.tenantTablePrefix,
      allowTenantSessions: (fn) => this.api.allowTenantSessions(fn),
    });
    // The API queues imports and exports; they run on the jobs worker.
    this.jobs.queue.grantSendMessages(this.api.handler);
    this.api.handler.addEnvironment("JOB_QUEUE_URL", this.jobs.queue.queueUrl);
    this.observability = new Observability(this, "Observability", {
      stage,
      httpApi: this.api.httpApi,
      functions: [this.api.handler, this.jobs.dispatcher, this.jobs.worker],
      table: this.data.table,
      deadLetterQueues: [this.jobs.deadLetters],
    });

    new CfnOutput(this, "WebUrl", { value: this.web.origin });
    new CfnOutput(this, "ApiUrl", { value: this.api.url });
    new CfnOutput(this, "UserPoolId", { value: this.auth.userPool.userPoolId });
    new CfnOutput(this, "UserPoolClientId", { value: this.auth.client.userPoolClientId });
    new CfnOutput(this, "TableName", { value: this.data.table.tableName });
    new CfnOutput(this, "AlarmTopicArn", { value: this.observability.alarmTopic.topicArn });
  }
}
