import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { mailerOf } from "../deps.js";

// SES has no local stand-in: its client is mocked here, as the one way to see what the CRM asks it to send.
const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

describe("the mail port in AWS", () => {
  it("sends through SES from the configured sender, loading the SES client only when a mail goes", async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: "m-1" });
    const mailer = mailerOf({ region: "eu-west-1", mailFrom: "CRM <crm@example.com>" });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    await mailer.send({
      to: { address: "ann@example.com", name: "Ann" },
      subject: "Hi",
      text: "t",
      html: "<p>h</p>",
    });
    const [call] = ses.commandCalls(SendEmailCommand);
    expect(call?.args[0].input).toMatchObject({
      FromEmailAddress: "CRM <crm@example.com>",
      Destination: { ToAddresses: ['"Ann" <ann@example.com>'] },
      Content: {
        Simple: { Subject: { Data: "Hi" }, Body: { Text: { Data: "t" }, Html: { Data: "<p>h</p>" } } },
      },
    });
  });
});
