import { Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { closeServer, listen, send } from './http';

export interface CaughtMail {
  messageId: string;
  to: string[];
  subject: string;
  text: string;
  receivedAt: string;
}

export interface DevMailCatcher {
  /** smtp://127.0.0.1:<port> */
  smtpUrl: string;
  /** Its API: GET /api/v1/messages, and mailpit's search by Message-ID (how the notifier reconciles). */
  apiUrl: string;
  messages(): CaughtMail[];
  /** While set, every recipient is refused (550: a permanent refusal). */
  setFailing(failing: boolean): void;
  /** Keeps a message at once but acknowledges it only after `ms` (a worker can die in between). */
  setDelay(ms: number): void;
  /**
   * A server slow at every step: the greeting, the answers to MAIL FROM and RCPT TO, and the
   * acceptance of the message (kept only then) each come `ms` late — each within a client's
   * timeout, the whole conversation longer.
   */
  setStepDelay(ms: number): void;
  clear(): void;
  close(): Promise<void>;
}

/**
 * An in-process SMTP server for tests and the benchmark: it keeps every message it accepted
 * (the same Message-ID twice is kept twice: duplicates stay visible) and answers mailpit's
 * `GET /api/v1/search?query=message-id:<id>` with `{ messages_count }`.
 */
export async function startDevMailCatcher(
  options: { smtpPort?: number; apiPort?: number } = {},
): Promise<DevMailCatcher> {
  const caught: CaughtMail[] = [];
  let failing = false;
  let delay = 0;
  let stepDelay = 0;
  const slowly = (callback: () => void) => (stepDelay ? setTimeout(callback, stepDelay) : callback());
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    disableReverseLookup: true,
    logger: false,
    size: 1024 * 1024,
    onConnect(_session, callback) {
      slowly(callback);
    },
    onMailFrom(_address, _session, callback) {
      slowly(callback);
    },
    onRcptTo(_address, _session, callback) {
      if (failing) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      slowly(callback);
    },
    onData(stream, _session, callback) {
      // Only what is kept is parsed: no HTML rendering of the text, no link finding.
      simpleParser(stream, { skipTextToHtml: true, skipTextLinks: true }).then(
        (mail) =>
          slowly(() => {
            const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
            caught.push({
              messageId: mail.messageId ?? '',
              to: to.flatMap((a) => a.value.map((v) => v.address ?? '')),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              receivedAt: new Date().toISOString(),
            });
            setTimeout(() => callback(), delay);
          }),
        (e: Error) => callback(e),
      );
    },
  });
  // A client that vanishes mid-conversation (a killed worker) is its own loss, not the catcher's.
  smtp.on('error', () => undefined);
  await new Promise<void>((resolve) => smtp.listen(options.smtpPort ?? 0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as { port: number }).port;
  const bare = (id: string) => id.replace(/^<|>$/g, '');
  const api: { server: Server; url: string } = await listen(options.apiPort ?? 0, async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://catcher');
    if (url.pathname === '/api/v1/messages') return send(res, 200, { messages: caught, total: caught.length });
    if (url.pathname === '/api/v1/search') {
      const query = url.searchParams.get('query') ?? '';
      const id = bare(query.replace(/^message-id:/, '').replace(/^"|"$/g, ''));
      const count = caught.filter((m) => bare(m.messageId) === id).length;
      return send(res, 200, { messages_count: count, total: count });
    }
    send(res, 404, { error: 'not found' });
  });
  return {
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    apiUrl: api.url,
    messages: () => [...caught],
    setFailing: (f) => (failing = f),
    setDelay: (ms) => (delay = ms),
    setStepDelay: (ms) => (stepDelay = ms),
    clear: () => (caught.length = 0),
    close: async () => {
      await closeServer(api.server);
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
    },
  };
}
