import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A real SMTP server on 127.0.0.1: it keeps every message it accepts, raw and parsed (cid: links left as sent). */
export interface SmtpPeer {
  port: number;
  /** smtp://user:pass@127.0.0.1:port (credentials only when given). */
  url(user?: string, pass?: string): string;
  messages: ReceivedMail[];
  /** Logins the server saw, accepted or not. */
  logins: { user: string; pass: string; accepted: boolean }[];
  /** The next DATA is answered with this reply instead of 250. */
  rejectNextMessage(responseCode: number, text: string): void;
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export interface ReceivedMail {
  raw: Buffer;
  parsed: ParsedMail;
  envelope: { from: string; to: string[] };
}

export interface SmtpPeerOptions {
  /** Require this login; without it the server takes mail from anyone. */
  auth?: { user: string; pass: string };
}

export async function startSmtpPeer(options: SmtpPeerOptions = {}): Promise<SmtpPeer> {
  const messages: ReceivedMail[] = [];
  const logins: SmtpPeer['logins'] = [];
  const waiters: (() => void)[] = [];
  let rejection: { responseCode: number; text: string } | null = null;

  const server = new SMTPServer({
    secure: false,
    disabledCommands: options.auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.auth,
    logger: false,
    onAuth(auth, _session, callback) {
      const accepted = !!options.auth && auth.username === options.auth.user && auth.password === options.auth.pass;
      logins.push({ user: auth.username ?? '', pass: auth.password ?? '', accepted });
      if (accepted) return callback(null, { user: auth.username });
      const error = Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (rejection) {
          const { responseCode, text } = rejection;
          rejection = null;
          return callback(Object.assign(new Error(text), { responseCode }));
        }
        const raw = Buffer.concat(chunks);
        const envelope = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        };
        simpleParser(raw, { keepCidLinks: true })
          .then((parsed) => {
            messages.push({ raw, parsed, envelope });
            for (const wake of waiters.splice(0)) wake();
            callback();
          })
          .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.server.address() as AddressInfo).port;

  return {
    port,
    url(user, pass) {
      const login = user !== undefined ? `${encodeURIComponent(user)}:${encodeURIComponent(pass ?? '')}@` : '';
      return `smtp://${login}127.0.0.1:${port}`;
    },
    messages,
    logins,
    rejectNextMessage(responseCode, text) {
      rejection = { responseCode, text };
    },
    async waitForMessages(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count) {
        const left = deadline - Date.now();
        if (left <= 0) throw new Error(`SMTP peer got ${messages.length} of ${count} messages`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return messages.slice(0, count);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
