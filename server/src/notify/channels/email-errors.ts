import { redactText } from '../../domain/redact.js';

export interface SmtpFailure {
  /** In words, free of the SMTP credentials. */
  error: string;
  retryable: boolean;
}

/** The shape nodemailer gives its errors (NodemailerError); every field may be missing. */
interface SmtpErrorFields {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
}

/** Login refusals: retrying with the same credentials gets the same answer. */
const AUTH_REFUSED = new Set([530, 534, 535, 538]);
/** Errors in what Vigil sends, not in the way to the server. */
const PERMANENT_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'ECONFIG', 'EMAXRECIPIENTS', 'EREQUIRETLS']);
const MAX_ERROR_CHARS = 500;

/**
 * Everything a server could be shown of the login: the password as written and decoded, and the base64 forms
 * AUTH PLAIN and AUTH LOGIN put on the wire.
 */
export function smtpSecrets(smtpUrl: string): string[] {
  let user = '';
  let pass = '';
  try {
    const url = new URL(smtpUrl);
    user = decodeURIComponent(url.username);
    pass = decodeURIComponent(url.password);
    if (!pass) return [];
    const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
    return [...new Set([pass, url.password, b64(pass), b64(`\u0000${user}\u0000${pass}`), b64(`${user}\u0000${user}\u0000${pass}`)])].filter((s) => s.length >= 3);
  } catch {
    return [];
  }
}

function describe(fields: SmtpErrorFields): string {
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : null;
  const response = typeof fields.response === 'string' ? fields.response.trim() : '';
  const command = typeof fields.command === 'string' ? fields.command.split(' ')[0] : '';
  const message = typeof fields.message === 'string' ? fields.message : String(fields);
  const code = typeof fields.code === 'string' ? fields.code : '';
  if (responseCode !== null) {
    const reply = response || message;
    return `SMTP server replied ${reply.startsWith(String(responseCode)) ? reply : `${responseCode} ${reply}`}${command ? ` to ${command}` : ''}`;
  }
  return code && !message.includes(code) ? `${code}: ${message}` : message;
}

/**
 * 4xx replies and trouble on the way (refused connection, timeouts, TLS, DNS) may pass; 5xx replies are final,
 * except 503 (bad command sequence), which says the session was out of step rather than that the mail is refused.
 */
export function classifySmtpError(error: unknown, secrets: readonly string[]): SmtpFailure {
  const fields: SmtpErrorFields = typeof error === 'object' && error !== null ? (error as SmtpErrorFields) : { message: String(error) };
  const text = describe(fields);
  const clean = redactText(text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS)}…` : text, secrets);
  const responseCode = typeof fields.responseCode === 'number' ? fields.responseCode : null;
  const code = typeof fields.code === 'string' ? fields.code : '';

  if (responseCode !== null) {
    if (AUTH_REFUSED.has(responseCode)) return { error: `SMTP login refused: ${clean}`, retryable: false };
    if (responseCode >= 500 && responseCode <= 599 && responseCode !== 503) return { error: clean, retryable: false };
    return { error: clean, retryable: true };
  }
  if (code === 'EAUTH' || code === 'ENOAUTH') return { error: `SMTP login refused: ${clean}`, retryable: false };
  if (PERMANENT_CODES.has(code)) return { error: clean, retryable: false };
  return { error: clean, retryable: true };
}
