import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1, speaking as vLLM and NIM do: it records
 * every request and answers by the scenario a test sets. A request naming a model the server does not list
 * gets vLLM's 404, and with `apiKey` set a request without that bearer key gets a 401.
 */

export type Scenario =
  /** vLLM with `--reasoning-parser qwen3`: think text in `reasoning_content`, the JSON answer in `content`. */
  | { kind: 'reasoning-parser' }
  /** vLLM without a reasoning parser: `<think>…</think>` and the answer together in `content`. */
  | { kind: 'no-parser' }
  /** Servers that name the think text `reasoning`. */
  | { kind: 'reasoning-field' }
  /** The answer inside a ```json fence. */
  | { kind: 'fenced-json' }
  /** Prose before and after the JSON answer. */
  | { kind: 'prose-around-json' }
  /** Generation stopped inside the think text: `content` is null. */
  | { kind: 'reasoning-only' }
  /** A 200 whose body is not a chat completion. */
  | { kind: 'garbage'; body: string }
  /** Answers normally, but only after `delayMs`. Applies to every path. */
  | { kind: 'slow'; delayMs: number }
  /** The first `failures` requests get `status`, the rest answer as `reasoning-parser`. */
  | { kind: 'fail-then-ok'; status: number; failures: number }
  /** Every request gets `status` with an OpenAI-shaped error body. Applies to every path. */
  | { kind: 'status'; status: number; message: string };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or undefined for GET / unparsable bodies. */
  body: unknown;
}

export const THINK_TEXT = 'A worker stands at the dock edge without a hard hat; a forklift approaches from the left.';
export const ANSWER_JSON = '{"hazards":[{"id":"no_hard_hat","present":true,"confidence":0.82,"boxes":[{"bbox_2d":[120,340,260,900],"label":"worker"}]}]}';
export const PROMPT_TOKENS = 1234;
export const COMPLETION_TOKENS = 87;

export interface ChatCompletionsPeer {
  /** The base URL with `/v1`, as an operator would configure it. */
  readonly url: string;
  /** The same server without any path. */
  readonly origin: string;
  readonly requests: RecordedRequest[];
  scenario: Scenario;
  /** What `GET /v1/models` lists; a chat request for any other model gets 404. */
  models: string[];
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey: string | undefined;
  close(): Promise<void>;
}

export async function startChatCompletionsPeer(options: { models: string[] }): Promise<ChatCompletionsPeer> {
  let failuresLeft = 0;
  let lastScenario: Scenario | undefined;
  const peer = {
    url: '',
    origin: '',
    requests: [] as RecordedRequest[],
    scenario: { kind: 'reasoning-parser' } as Scenario,
    models: [...options.models],
    apiKey: undefined as string | undefined,
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, err instanceof Error ? err.message : String(err), 'InternalServerError');
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://peer').pathname;
    const body = parseJson(raw);
    peer.requests.push({ method: req.method ?? '', path, headers: req.headers, body });

    const scenario = peer.scenario;
    if (scenario !== lastScenario) {
      lastScenario = scenario;
      failuresLeft = scenario.kind === 'fail-then-ok' ? scenario.failures : 0;
    }
    if (scenario.kind === 'slow' && !(await delay(scenario.delayMs, res))) return;
    if (scenario.kind === 'status') return sendError(res, scenario.status, scenario.message, errorType(scenario.status));

    if (peer.apiKey !== undefined && req.headers.authorization !== `Bearer ${peer.apiKey}`) {
      const presented = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      return sendError(res, 401, `Incorrect API key provided: ${presented}.`, 'AuthenticationError');
    }
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: peer.models.map((id) => ({ id, object: 'model', owned_by: 'vllm' })) });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendJson(res, 404, { detail: 'Not Found' });
    if (!isChatRequest(body)) return sendError(res, 400, 'messages: Field required', 'BadRequestError');
    if (!peer.models.includes(body.model)) {
      return sendError(res, 404, `The model \`${body.model}\` does not exist.`, 'NotFoundError');
    }
    if (scenario.kind === 'fail-then-ok' && failuresLeft > 0) {
      failuresLeft -= 1;
      return sendError(res, scenario.status, 'Engine is busy, try again', errorType(scenario.status));
    }
    if (scenario.kind === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(scenario.body);
      return;
    }
    sendJson(res, 200, completion(body.model, message(scenario)));
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  peer.origin = `http://127.0.0.1:${port}`;
  peer.url = `${peer.origin}/v1`;

  return Object.assign(peer, {
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}

/** The MIME type and bytes of a `data:…;base64,…` URL. */
export function decodeDataUrl(url: string): { mime: string; bytes: Buffer } {
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  if (!match) throw new Error(`not a base64 data URL: ${url.slice(0, 40)}`);
  return { mime: match[1]!, bytes: Buffer.from(match[2]!, 'base64') };
}

function message(scenario: Scenario): Record<string, unknown> {
  switch (scenario.kind) {
    case 'no-parser':
      return { role: 'assistant', content: `<think>\n${THINK_TEXT}\n</think>\n\n${ANSWER_JSON}`, reasoning_content: null };
    case 'reasoning-field':
      return { role: 'assistant', content: ANSWER_JSON, reasoning: THINK_TEXT };
    case 'fenced-json':
      return { role: 'assistant', content: `\`\`\`json\n${ANSWER_JSON}\n\`\`\``, reasoning_content: null };
    case 'prose-around-json':
      return { role: 'assistant', content: `Here is my assessment:\n${ANSWER_JSON}\nLet me know if you need more.`, reasoning_content: null };
    case 'reasoning-only':
      return { role: 'assistant', content: null, reasoning_content: THINK_TEXT };
    default:
      return { role: 'assistant', content: ANSWER_JSON, reasoning_content: THINK_TEXT };
  }
}

function completion(model: string, choiceMessage: Record<string, unknown>): Record<string, unknown> {
  return {
    id: 'chatcmpl-peer',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: choiceMessage, finish_reason: 'stop' }],
    usage: { prompt_tokens: PROMPT_TOKENS, completion_tokens: COMPLETION_TOKENS, total_tokens: PROMPT_TOKENS + COMPLETION_TOKENS },
  };
}

function isChatRequest(body: unknown): body is { model: string; messages: unknown[] } {
  const b = body as { model?: unknown; messages?: unknown } | undefined;
  return typeof b?.model === 'string' && Array.isArray(b.messages) && b.messages.length > 0;
}

function errorType(status: number): string {
  if (status === 400) return 'BadRequestError';
  if (status === 401) return 'AuthenticationError';
  if (status === 403) return 'PermissionDeniedError';
  if (status === 404) return 'NotFoundError';
  if (status === 429) return 'RateLimitError';
  return 'InternalServerError';
}

function sendError(res: ServerResponse, status: number, text: string, type: string): void {
  sendJson(res, status, { error: { message: text, type, param: null, code: status } });
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** Waits `ms`, or resolves false as soon as the client goes away. */
function delay(ms: number, res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(true), ms);
    res.on('close', () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(raw: string): unknown {
  try {
    return raw ? JSON.parse(raw) : undefined;
  } catch {
    return undefined;
  }
}
