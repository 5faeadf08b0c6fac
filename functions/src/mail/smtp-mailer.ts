import { createTransport, type Transporter } from "nodemailer";
import type { Mailer, OutgoingMail } from "./mailer.js";

/**
 * Mail over SMTP: in the embedded stack, to the mail catcher `start` runs
 * (maildev), whose web inbox shows every mail the CRM sent.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.transport = createTransport({
      host: url.hostname,
      port: Number(url.port || 25),
      secure: url.protocol === "smtps:",
      // The mail catcher on this machine: no TLS to negotiate.
      ignoreTLS: url.protocol === "smtp:",
      ...(url.username && {
        auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) },
      }),
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.transport.sendMail({
      from: this.from,
      to: mail.to.name ? { name: mail.to.name, address: mail.to.address } : mail.to.address,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
    });
  }
}
