import { describe, expect, it } from 'vitest';
import { alertThreadId, digestMessageId, messageIdDomain, threadHeaders } from './email-headers.js';

describe('mail threading headers', () => {
  it('takes the sender domain for ids', () => {
    expect(messageIdDomain('vigil@plant.example')).toBe('plant.example');
    expect(messageIdDomain('Vigil <Vigil@Plant.Example>')).toBe('plant.example');
    expect(messageIdDomain('nobody')).toBe('vigil.invalid');
  });

  it('roots the thread at the opened mail and hangs later mails on it', () => {
    const root = alertThreadId('al-1', 'plant.example');
    expect(threadHeaders({ id: 'd1', alertId: 'al-1', event: 'alert.opened' }, 'plant.example')).toEqual({ messageId: root });
    expect(threadHeaders({ id: 'd2', alertId: 'al-1', event: 'alert.resolved' }, 'plant.example')).toEqual({
      messageId: '<vigil.delivery.d2@plant.example>',
      inReplyTo: root,
      references: root,
    });
  });

  it('folds characters a msg-id cannot hold', () => {
    expect(digestMessageId('a b<c>@d', 'x.example')).toBe('<vigil.digest.a-b-c--d@x.example>');
  });
});
