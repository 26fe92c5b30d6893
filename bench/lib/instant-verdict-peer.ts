import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { askedHazards, THINKING, verdictAnswer } from './verdict-answer.js';

/**
 * A stand-in for a model server in benchmarks: a real OpenAI-compatible chat-completions server on 127.0.0.1
 * that sees no pictures and runs no model. It answers every call at once with a valid verdict for each hazard
 * asked (see verdict-answer.ts), so that a benchmark measures only Vigil's side of a model call.
 */
export interface InstantVerdictPeer {
  /** The base URL with `/v1`, as COSMOS_URL. */
  readonly url: string;
  /** Chat-completion calls answered. */
  readonly calls: number;
  /** Images in each call, in order. */
  readonly imagesPerCall: readonly number[];
  /** Request body bytes of each call, in order. */
  readonly requestBytes: readonly number[];
  close(): Promise<void>;
}

export interface InstantVerdictPeerOptions {
  /** The served model id (GET /v1/models lists it; Vigil's probe checks it). */
  model: string;
  /** The first asked hazard is reported present; otherwise nothing is. */
  finding?: boolean;
}

interface ChatBody {
  model?: unknown;
  messages?: { role?: unknown; content?: unknown }[];
}

export async function startInstantVerdictPeer(options: InstantVerdictPeerOptions): Promise<InstantVerdictPeer> {
  const imagesPerCall: number[] = [];
  const requestBytes: number[] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = new URL(req.url ?? '/', 'http://peer').pathname;
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: [{ id: options.model, object: 'model', owned_by: 'bench' }] });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return sendJson(res, 404, { detail: 'Not Found' });
    const body = JSON.parse(raw.toString('utf8')) as ChatBody;
    const parts = (body.messages ?? []).filter((m) => m.role === 'user').flatMap((m) => (Array.isArray(m.content) ? (m.content as { type?: string; text?: string }[]) : []));
    const text = parts.filter((p) => p.type === 'text').map((p) => p.text ?? '').join('\n');
    imagesPerCall.push(parts.filter((p) => p.type === 'image_url').length);
    requestBytes.push(raw.length);
    const content = verdictAnswer(askedHazards(text), { finding: options.finding ?? false });
    sendJson(res, 200, {
      id: `chatcmpl-bench-${imagesPerCall.length}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: typeof body.model === 'string' ? body.model : options.model,
      choices: [{ index: 0, message: { role: 'assistant', content, reasoning_content: THINKING }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
    });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 400, { error: { message: error instanceof Error ? error.message : String(error), type: 'BadRequestError' } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get calls() {
      return imagesPerCall.length;
    },
    imagesPerCall,
    requestBytes,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
