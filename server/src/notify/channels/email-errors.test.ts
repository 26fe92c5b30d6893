import { describe, expect, it } from 'vitest';
import { classifySmtpError, smtpSecrets } from './email-errors.js';

const smtpError = (fields: Record<string, unknown>): Error => Object.assign(new Error(String(fields['message'] ?? 'failed')), fields);

describe('SMTP error classification', () => {
  it('retries trouble on the way to the server', () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'ECONNREFUSED']) {
      expect(classifySmtpError(smtpError({ code, message: 'connect ECONNREFUSED 127.0.0.1:25' }), []).retryable, code).toBe(true);
    }
  });

  it('retries 4xx replies and gives up on 5xx ones, except 503', () => {
    for (const responseCode of [421, 450, 451, 452, 454]) {
      expect(classifySmtpError(smtpError({ code: 'EMESSAGE', responseCode, response: `${responseCode} try later` }), []).retryable).toBe(true);
    }
    for (const responseCode of [550, 552, 553, 554]) {
      expect(classifySmtpError(smtpError({ code: 'EENVELOPE', responseCode, response: `${responseCode} no` }), []).retryable).toBe(false);
    }
    expect(classifySmtpError(smtpError({ code: 'EPROTOCOL', responseCode: 503, response: '503 bad sequence' }), []).retryable).toBe(true);
  });

  it('does not retry a refused login', () => {
    const result = classifySmtpError(smtpError({ code: 'EAUTH', responseCode: 535, response: '535 5.7.8 Authentication credentials invalid', command: 'AUTH PLAIN' }), []);
    expect(result).toEqual({ error: 'SMTP login refused: SMTP server replied 535 5.7.8 Authentication credentials invalid to AUTH', retryable: false });
    expect(classifySmtpError(smtpError({ code: 'EAUTH', message: 'Missing credentials for "PLAIN"' }), []).retryable).toBe(false);
  });

  it('keeps the password out of the words, in every form it travels', () => {
    const url = 'smtp://vigil:s%40cret-pw@mail.example:587';
    const secrets = smtpSecrets(url);
    const plain = Buffer.from('\u0000vigil\u0000s@cret-pw').toString('base64');
    const login = Buffer.from('s@cret-pw').toString('base64');
    const message = `Invalid login via ${url}: pw s@cret-pw sent as ${plain} or ${login}`;
    const { error } = classifySmtpError(smtpError({ code: 'EAUTH', message }), secrets);
    expect(error).not.toContain('s@cret-pw');
    expect(error).not.toContain('s%40cret-pw');
    expect(error).not.toContain(plain);
    expect(error).not.toContain(login);
    expect(error).toContain('smtp://***@mail.example:587');
  });

  it('copes with things thrown that are not errors', () => {
    expect(classifySmtpError('boom', [])).toEqual({ error: 'boom', retryable: true });
    expect(smtpSecrets('smtp://mail.example:25')).toEqual([]);
    expect(smtpSecrets('not a url')).toEqual([]);
  });
});
