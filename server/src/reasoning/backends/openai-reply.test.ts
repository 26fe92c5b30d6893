import { describe, expect, it } from 'vitest';
import { httpError, readChatReply, readModelIds, serverMessage } from './openai-reply.js';

const server = { shown: 'http://gpu-box:8000/v1', secrets: ['sk-secret-key'], hasApiKey: true };

describe('readChatReply', () => {
  it('prefers reasoning_content and falls back to reasoning', () => {
    const both = readChatReply(JSON.stringify({ choices: [{ message: { content: 'a', reasoning_content: 'r1', reasoning: 'r2' } }] }));
    expect(both).toEqual({ content: 'a', reasoning: 'r1', modelId: null });
    const alt = readChatReply(JSON.stringify({ model: 'm', choices: [{ message: { content: 'a', reasoning: 'r2' } }] }));
    expect(alt).toEqual({ content: 'a', reasoning: 'r2', modelId: 'm' });
  });

  it('reads usage when present', () => {
    const reply = readChatReply(
      JSON.stringify({ choices: [{ message: { content: 'a' } }], usage: { prompt_tokens: 10, completion_tokens: 3 } }),
    );
    expect(reply).toMatchObject({ promptTokens: 10, completionTokens: 3, reasoning: null });
  });

  it('quotes only the start of a body it cannot read', () => {
    expect(() => readChatReply('x'.repeat(5000))).toThrow(/not a chat completion: "x{120}…"$/);
  });
});

describe('readModelIds', () => {
  it('lists ids, or null for anything else', () => {
    expect(readModelIds('{"object":"list","data":[{"id":"a"},{"id":"b"}]}')).toEqual(['a', 'b']);
    expect(readModelIds('{"models":[]}')).toBeNull();
    expect(readModelIds('<html>')).toBeNull();
  });
});

describe('serverMessage', () => {
  it.each([
    ['{"error":{"message":"bad request: max_tokens"}}', 'bad request: max_tokens'],
    ['{"object":"error","message":"The model `x` does not exist.","code":404}', 'The model `x` does not exist.'],
    ['{"detail":"Not Found"}', 'Not Found'],
    ['{"error":"Unauthorized"}', 'Unauthorized'],
    ['upstream connect error', 'upstream connect error'],
    ['<html><body>502 Bad Gateway</body></html>', null],
    ['', null],
    ['{"ok":false}', null],
  ])('%s → %s', (body, expected) => {
    expect(serverMessage(body)).toBe(expected);
  });
});

describe('httpError', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [501, false],
  ])('HTTP %i retryable: %s', (status, retryable) => {
    expect(httpError(status, '', server)).toMatchObject({ kind: 'http', status, retryable });
  });

  it('names the server, the status and its message, without the key it echoed', () => {
    const err = httpError(401, '{"error":{"message":"Incorrect API key provided: sk-secret-key."}}', server);
    expect(err.message).toBe(
      'model server at http://gpu-box:8000/v1 refused the API key (HTTP 401): Incorrect API key provided: ***.',
    );
  });
});
