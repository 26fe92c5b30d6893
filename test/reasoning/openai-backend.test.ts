import { createServer } from 'node:net';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiReasoner, type OpenAiReasonerOptions } from '../../server/src/reasoning/backends/openai-reasoner.adapter.js';
import { ReasonerError, type ModelPrompt, type Reasoner } from '../../server/src/reasoning/reasoner.js';
import {
  ANSWER_JSON,
  COMPLETION_TOKENS,
  PROMPT_TOKENS,
  THINK_TEXT,
  decodeDataUrl,
  startChatCompletionsPeer,
  type ChatCompletionsPeer,
} from './peers/chat-completions-server.js';

const MODEL = 'nvidia/Cosmos-Reason2-2B';
const API_KEY = 'sk-vigil-test-0123456789';

let peer: ChatCompletionsPeer;
let jpegs: Buffer[];
const reasoners: Reasoner[] = [];

beforeAll(async () => {
  peer = await startChatCompletionsPeer({ models: [MODEL] });
  jpegs = await Promise.all(
    [{ r: 200, g: 30, b: 30 }, { r: 30, g: 30, b: 200 }].map((background) =>
      sharp({ create: { width: 64, height: 48, channels: 3, background } }).jpeg().toBuffer(),
    ),
  );
});

afterAll(() => peer.close());

afterEach(async () => {
  await Promise.all(reasoners.splice(0).map((r) => r.close()));
  peer.requests.length = 0;
  peer.scenario = { kind: 'reasoning-parser' };
  peer.models = [MODEL];
  peer.apiKey = undefined;
});

function reasoner(options: Partial<OpenAiReasonerOptions> = {}): Reasoner {
  const r = createOpenAiReasoner({ url: peer.url, model: MODEL, ...options });
  reasoners.push(r);
  return r;
}

function prompt(overrides: Partial<ModelPrompt> = {}): ModelPrompt {
  return {
    system: 'You are a helpful assistant.',
    images: jpegs.map((jpeg, i) => ({ atSeconds: i * 0.5, width: 64, height: 48, jpeg })),
    text: 'Is any person not wearing a hard hat? Answer in JSON.',
    reasoning: true,
    sampling: { temperature: 0.6, topP: 0.95, topK: 20, presencePenalty: 1.5, maxTokens: 4096 },
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<ReasonerError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ReasonerError);
  return err as ReasonerError;
}

interface SentChat {
  model: string;
  messages: Array<{ role: string; content: unknown }>;
  [field: string]: unknown;
}
type Part = { type: string; text?: string; image_url?: { url: string }; video_url?: { url: string } };

function lastChat(): { body: SentChat; parts: Part[]; authorization: string | undefined } {
  const request = peer.requests.filter((r) => r.path === '/v1/chat/completions').at(-1);
  if (!request) throw new Error('no chat request reached the peer');
  const body = request.body as SentChat;
  return { body, parts: body.messages[1]!.content as Part[], authorization: request.headers.authorization };
}

async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}

describe('openai reasoner: request', () => {
  it('sends the system turn, then each frame after its timestamp, then the text', async () => {
    await reasoner().complete(prompt(), {});
    const { body, parts, authorization } = lastChat();

    expect(body.model).toBe(MODEL);
    expect(body.messages[0]).toEqual({ role: 'system', content: 'You are a helpful assistant.' });
    expect(body.messages[1]!.role).toBe('user');
    expect(parts.map((p) => p.type)).toEqual(['text', 'image_url', 'text', 'image_url', 'text']);
    expect([parts[0]!.text, parts[2]!.text]).toEqual(['<0.0 seconds>', '<0.5 seconds>']);
    expect(parts[4]!.text).toBe('Is any person not wearing a hard hat? Answer in JSON.');
    for (const [i, part] of [parts[1]!, parts[3]!].entries()) {
      const { mime, bytes } = decodeDataUrl(part.image_url!.url);
      expect(mime).toBe('image/jpeg');
      expect(bytes.equals(jpegs[i]!)).toBe(true);
      expect((await sharp(bytes).metadata()).format).toBe('jpeg');
    }
    expect(authorization).toBeUndefined();
  });

  it('sends the sampling settings, presence_penalty only when given', async () => {
    const r = reasoner();
    await r.complete(prompt(), {});
    expect(lastChat().body).toMatchObject({ temperature: 0.6, top_p: 0.95, top_k: 20, presence_penalty: 1.5, max_tokens: 4096 });
    expect(lastChat().body).not.toHaveProperty('mm_processor_kwargs');

    await r.complete(prompt({ sampling: { temperature: 0.7, topP: 0.8, topK: 20, maxTokens: 512 } }), {});
    expect(lastChat().body).toMatchObject({ temperature: 0.7, top_p: 0.8, top_k: 20, max_tokens: 512 });
    expect(lastChat().body).not.toHaveProperty('presence_penalty');
  });

  it('sends the API key as a bearer token', async () => {
    peer.apiKey = API_KEY;
    await reasoner({ apiKey: API_KEY }).complete(prompt(), {});
    expect(lastChat().authorization).toBe(`Bearer ${API_KEY}`);
  });

  it('sends user:password from the URL as basic auth, since fetch refuses URLs with credentials', async () => {
    const url = peer.url.replace('http://', 'http://vigil:s3cret-pass@');
    await reasoner({ url }).complete(prompt(), {});
    expect(lastChat().authorization).toBe(`Basic ${Buffer.from('vigil:s3cret-pass').toString('base64')}`);
  });

  it('in video mode sends the clip as one video_url with its fps', async () => {
    const mp4 = Buffer.from('00000018667479706d703432', 'hex');
    await reasoner({ media: 'video' }).complete(prompt({ video: { mp4, fps: 4 } }), {});
    const { body, parts } = lastChat();
    expect(parts.map((p) => p.type)).toEqual(['video_url', 'text']);
    const { mime, bytes } = decodeDataUrl(parts[0]!.video_url!.url);
    expect(mime).toBe('video/mp4');
    expect(bytes.equals(mp4)).toBe(true);
    expect(body.mm_processor_kwargs).toEqual({ fps: 4 });
  });

  it('sends frames when video mode has no clip, and when image mode has one', async () => {
    const video = { mp4: Buffer.from('clip'), fps: 4 };
    await reasoner({ media: 'video' }).complete(prompt(), {});
    expect(lastChat().parts.map((p) => p.type)).toEqual(['text', 'image_url', 'text', 'image_url', 'text']);
    await reasoner({ media: 'images' }).complete(prompt({ video }), {});
    expect(lastChat().parts.map((p) => p.type)).toEqual(['text', 'image_url', 'text', 'image_url', 'text']);
    expect(lastChat().body).not.toHaveProperty('mm_processor_kwargs');
  });

  it.each([
    ['without /v1', () => peer.origin],
    ['with a trailing slash', () => `${peer.origin}/`],
    ['with /v1/', () => `${peer.url}/`],
    ['as the full endpoint', () => `${peer.url}/chat/completions`],
  ])('accepts the URL %s', async (_, url) => {
    await reasoner({ url: url() }).complete(prompt(), {});
    expect(peer.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v1/chat/completions']);
  });
});

describe('openai reasoner: reply', () => {
  it('returns think text and answer from a vLLM reasoning parser, with token counts', async () => {
    const reply = await reasoner().complete(prompt(), {});
    expect(reply).toMatchObject({
      content: ANSWER_JSON,
      reasoning: THINK_TEXT,
      modelId: MODEL,
      promptTokens: PROMPT_TOKENS,
      completionTokens: COMPLETION_TOKENS,
    });
    expect(reply.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('returns the whole text as content when the server has no reasoning parser', async () => {
    peer.scenario = { kind: 'no-parser' };
    const reply = await reasoner().complete(prompt(), {});
    expect(reply.content).toBe(`<think>\n${THINK_TEXT}\n</think>\n\n${ANSWER_JSON}`);
    expect(reply.reasoning).toBeNull();
  });

  it('reads think text from `reasoning` on servers that name it so', async () => {
    peer.scenario = { kind: 'reasoning-field' };
    const reply = await reasoner().complete(prompt(), {});
    expect(reply).toMatchObject({ content: ANSWER_JSON, reasoning: THINK_TEXT });
  });

  it.each([
    ['fenced-json', `\`\`\`json\n${ANSWER_JSON}\n\`\`\``],
    ['prose-around-json', `Here is my assessment:\n${ANSWER_JSON}\nLet me know if you need more.`],
  ] as const)('returns %s content as sent, unparsed', async (kind, expected) => {
    peer.scenario = { kind };
    expect((await reasoner().complete(prompt(), {})).content).toBe(expected);
  });

  it('returns empty content when the server sent only reasoning', async () => {
    peer.scenario = { kind: 'reasoning-only' };
    const reply = await reasoner().complete(prompt(), {});
    expect(reply).toMatchObject({ content: '', reasoning: THINK_TEXT });
  });

  it.each([
    ['an HTML page', '<html><body>Bad gateway</body></html>'],
    ['an empty body', ''],
    ['an object without choices', '{"id":"x"}'],
    ['no choices', '{"choices":[]}'],
    ['a message with neither content nor reasoning', '{"choices":[{"message":{"content":null}}]}'],
    ['truncated JSON', '{"choices":[{"message":{"content":"{\\"haz'],
  ])('fails with bad_reply, not retryable, on %s', async (_, body) => {
    peer.scenario = { kind: 'garbage', body };
    const err = await failure(reasoner().complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'bad_reply', retryable: false });
  });
});

describe('openai reasoner: failures', () => {
  it.each([429, 500, 502, 503, 504])('HTTP %i is retryable', async (status) => {
    peer.scenario = { kind: 'status', status, message: 'Engine overloaded' };
    const err = await failure(reasoner().complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'http', retryable: true, status });
    expect(err.message).toContain(String(status));
  });

  it.each([400, 403])('HTTP %i is not retryable and names the status and the server message', async (status) => {
    peer.scenario = { kind: 'status', status, message: 'max_tokens must be at most 16384' };
    const err = await failure(reasoner().complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'http', retryable: false, status });
    expect(err.message).toContain(`HTTP ${status}`);
    expect(err.message).toContain('max_tokens must be at most 16384');
  });

  it('succeeds on the next call after a 500', async () => {
    peer.scenario = { kind: 'fail-then-ok', status: 500, failures: 1 };
    const r = reasoner();
    expect(await failure(r.complete(prompt(), {}))).toMatchObject({ kind: 'http', status: 500, retryable: true });
    expect((await r.complete(prompt(), {})).content).toBe(ANSWER_JSON);
  });

  it('a refused API key is a 401 that says so, never quoting the key', async () => {
    peer.apiKey = 'the-right-key';
    const err = await failure(reasoner({ apiKey: API_KEY }).complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'http', retryable: false, status: 401 });
    expect(err.message).toContain('refused the API key');
    expect(err.message).toContain('Incorrect API key provided');
    expect(err.message).not.toContain(API_KEY);
    expect(err.stack).not.toContain(API_KEY);
  });

  it('a 401 without a configured key says that none is configured', async () => {
    peer.apiKey = 'the-right-key';
    const err = await failure(reasoner().complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'http', status: 401 });
    expect(err.message).toContain('none is configured');
  });

  it('an unknown model is a 404 naming the server message', async () => {
    const err = await failure(reasoner({ model: 'nvidia/Cosmos-Reason2-8B' }).complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'http', retryable: false, status: 404 });
    expect(err.message).toContain('HTTP 404');
    expect(err.message).toContain('The model `nvidia/Cosmos-Reason2-8B` does not exist.');
  });

  it('a refused connection is unreachable and retryable, naming the URL without its credentials', async () => {
    const url = (await closedPortUrl()).replace('http://', 'http://vigil:s3cret-pass@');
    const err = await failure(reasoner({ url, apiKey: API_KEY }).complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'unreachable', retryable: true });
    expect(err.message).toContain('connection refused');
    expect(err.message).toContain('http://***@127.0.0.1:');
    expect(err.message).not.toContain('s3cret-pass');
    expect(err.message).not.toContain(API_KEY);
  });

  it('an unknown host is unreachable and retryable', async () => {
    const err = await failure(reasoner({ url: 'http://vigil-model.invalid:8000/v1' }).complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'unreachable', retryable: true });
    expect(err.message).toContain('vigil-model.invalid');
  });

  it('a server slower than the timeout is a retryable timeout', async () => {
    peer.scenario = { kind: 'slow', delayMs: 10_000 };
    const err = await failure(reasoner({ timeoutMs: 200 }).complete(prompt(), {}));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(err.message).toContain('200 ms');
  });

  it("the caller's timeoutMs overrides the configured one", async () => {
    peer.scenario = { kind: 'slow', delayMs: 10_000 };
    const err = await failure(reasoner({ timeoutMs: 60_000 }).complete(prompt(), { timeoutMs: 150 }));
    expect(err).toMatchObject({ kind: 'timeout', retryable: true });
    expect(err.message).toContain('150 ms');
  });

  it("the caller's abort ends the call as aborted, not retryable", async () => {
    peer.scenario = { kind: 'slow', delayMs: 10_000 };
    const controller = new AbortController();
    const call = reasoner().complete(prompt(), { signal: controller.signal });
    await waitForRequest();
    controller.abort();
    expect(await failure(call)).toMatchObject({ kind: 'aborted', retryable: false });

    const already = AbortSignal.abort();
    expect(await failure(reasoner().complete(prompt(), { signal: already }))).toMatchObject({ kind: 'aborted' });
  });

  it('close() aborts calls in flight, and later calls fail', async () => {
    peer.scenario = { kind: 'slow', delayMs: 10_000 };
    const r = reasoner();
    const call = r.complete(prompt(), {});
    await waitForRequest();
    await r.close();
    expect(await failure(call)).toMatchObject({ kind: 'aborted', retryable: false });
    expect(await failure(r.complete(prompt(), {}))).toMatchObject({ kind: 'aborted' });
  });
});

describe('openai reasoner: probe', () => {
  it('is ok when the server lists the model, asking GET /v1/models with the key', async () => {
    peer.apiKey = API_KEY;
    const health = await reasoner({ apiKey: API_KEY }).probe();
    expect(health).toMatchObject({ backend: 'openai', modelId: MODEL, state: 'ok' });
    expect(health.detail).toBeUndefined();
    expect(peer.requests.map((r) => `${r.method} ${r.path} ${r.headers.authorization}`)).toEqual([
      `GET /v1/models Bearer ${API_KEY}`,
    ]);
  });

  it('names the models the server has when it lacks the configured one', async () => {
    peer.models = ['Qwen/Qwen3-VL-2B-Instruct', 'nvidia/Cosmos-Reason1-7B'];
    const health = await reasoner().probe();
    expect(health.state).toBe('unreachable');
    expect(health.detail).toContain(`"${MODEL}"`);
    expect(health.detail).toContain('"Qwen/Qwen3-VL-2B-Instruct", "nvidia/Cosmos-Reason1-7B"');
  });

  it('says the API key was refused, without the key', async () => {
    peer.apiKey = 'the-right-key';
    const health = await reasoner({ apiKey: API_KEY }).probe();
    expect(health.state).toBe('unreachable');
    expect(health.detail).toContain('refused the API key');
    expect(health.detail).not.toContain(API_KEY);
  });

  it('reports a server that answers 503 as loading', async () => {
    peer.scenario = { kind: 'status', status: 503, message: 'Model is loading' };
    const health = await reasoner().probe();
    expect(health).toMatchObject({ state: 'loading' });
    expect(health.detail).toContain('Model is loading');
  });

  it('reports a refused connection with the URL, credentials redacted', async () => {
    const url = (await closedPortUrl()).replace('http://', 'http://vigil:s3cret-pass@');
    const health = await reasoner({ url }).probe();
    expect(health.state).toBe('unreachable');
    expect(health.detail).toContain('connection refused');
    expect(health.detail).toMatch(/http:\/\/\*\*\*@127\.0\.0\.1:\d+\/v1/);
    expect(health.detail).not.toContain('s3cret-pass');
  });

  it('gives up on a silent server after its probe timeout', async () => {
    peer.scenario = { kind: 'slow', delayMs: 10_000 };
    const health = await reasoner({ probeTimeoutMs: 200 }).probe();
    expect(health.state).toBe('unreachable');
    expect(health.detail).toContain('did not answer within 200 ms');
  });
});

async function waitForRequest(): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (peer.requests.length === 0) {
    if (Date.now() > deadline) throw new Error('no request reached the peer');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
