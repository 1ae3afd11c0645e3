import { createTransport, Transporter } from 'nodemailer';
import { PermanentSendError } from './send-errors';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** Derived from the notice's id: the same notice is the same message wherever it is looked up. */
  messageId: string;
}

/** Whether a message whose send was cut off reached the mail server: found, not found, or unknowable. */
export type MailLookup = 'ACCEPTED' | 'ABSENT' | 'UNKNOWN';

/**
 * E-mail over SMTP (nodemailer, pooled connections). SMTP has no idempotency key: after a crash
 * mid-send the message is looked up by its Message-ID where the server offers a lookup
 * (MAIL_RECONCILE_URL, mailpit's API), else reported UNKNOWN.
 */
export class MailTransport {
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
    private readonly timeoutMs: number,
    private readonly reconcileUrl?: string,
  ) {
    this.transporter = createTransport({
      url: smtpUrl,
      pool: true,
      maxConnections: 8,
      // A connection carries many messages (the default closes it after 100): no handshake per batch.
      maxMessages: 10_000,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  async send(mail: Mail): Promise<void> {
    try {
      await this.transporter.sendMail({
        from: this.from,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        messageId: mail.messageId,
      });
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      // 5xx: the server refused for good (no such mailbox, rejected); anything else may pass later.
      // Only the code is kept: the server's text may quote the address.
      if (code !== undefined && code >= 500) throw new PermanentSendError(`SMTP ${code}`);
      if (code !== undefined) throw new Error(`SMTP ${code}`);
      throw new Error(`SMTP: ${(e as Error).message}`);
    }
  }

  async lookup(messageId: string): Promise<MailLookup> {
    if (!this.reconcileUrl) return 'UNKNOWN';
    const url = new URL('/api/v1/search', this.reconcileUrl);
    url.searchParams.set('query', `message-id:${messageId.replace(/^<|>$/g, '')}`);
    const res = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs) });
    if (!res.ok) throw new Error(`mail lookup answered HTTP ${res.status}`);
    const found = ((await res.json()) as { messages_count?: number }).messages_count ?? 0;
    return found > 0 ? 'ACCEPTED' : 'ABSENT';
  }

  close(): void {
    this.transporter.close();
  }
}
