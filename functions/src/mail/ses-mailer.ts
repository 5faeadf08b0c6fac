import { type SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { formatAddress, type Mailer, type OutgoingMail } from "./mailer.js";

/**
 * Mail through Amazon SES (v2 SendEmail). The sender must be an identity
 * verified in SES; CDK grants the API ses:SendEmail for that sender only.
 */
export class SesMailer implements Mailer {
  constructor(
    private readonly client: SESv2Client,
    private readonly from: string,
  ) {}

  async send(mail: OutgoingMail): Promise<void> {
    const utf8 = (data: string) => ({ Data: data, Charset: "UTF-8" });
    await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: this.from,
        Destination: { ToAddresses: [formatAddress(mail.to)] },
        Content: {
          Simple: {
            Subject: utf8(mail.subject),
            Body: { Text: utf8(mail.text), Html: utf8(mail.html) },
          },
        },
      }),
    );
  }
}
