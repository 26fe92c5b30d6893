import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real OpenAI-compatible chat-completions server on 127.0.0.1 that answers from a script: the n-th chat
 * request gets the n-th reply, whatever it asks. The eval tool sends windows one at a time and in order, so a
 * test knows which window each reply lands on. Requests past the end of the script get a 500.
 */
export interface ScriptedReply {
  content: string;
  reasoning?: string | null;
}

export interface ScriptedChatPeer {
  /** The base URL with `/v1`. */
  readonly url: string;
  /** The user-turn parts of every chat request, in order. */
  readonly chats: UserPart[][];
  script: ScriptedReply[];
  close(): Promise<void>;
}

export type UserPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export async function startScriptedChatPeer(options: { models: string[]; script: ScriptedReply[] }): Promise<ScriptedChatPeer> {
  const chats: UserPart[][] = [];
  const peer = { url: '', chats, script: options.script };

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => send(res, 500, { error: { message: String(err) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = new URL(req.url ?? '/', 'http://peer').pathname;
    if (req.method === 'GET' && path === '/v1/models') {
      return send(res, 200, { object: 'list', data: options.models.map((id) => ({ id, object: 'model', owned_by: 'vllm' })) });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') return send(res, 404, { detail: 'Not Found' });
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { model: string; messages: { role: string; content: unknown }[] };
    const user = body.messages.find((m) => m.role === 'user');
    const n = chats.length;
    chats.push(Array.isArray(user?.content) ? (user.content as UserPart[]) : []);
    const reply = peer.script[n];
    if (!reply) return send(res, 500, { error: { message: `the script has no reply for request ${n + 1}`, type: 'InternalServerError' } });
    send(res, 200, {
      id: `chatcmpl-script-${n}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: body.model,
      choices: [{ index: 0, message: { role: 'assistant', content: reply.content, reasoning_content: reply.reasoning ?? null }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return Object.assign(peer, {
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  });
}

/** A reply in the shape the prompt asks for: one object per hazard. */
export function answer(verdicts: Record<string, { present: boolean; confidence: number }>): ScriptedReply {
  const list = Object.entries(verdicts).map(([hazard, v]) => ({ hazard, present: v.present, confidence: v.confidence, boxes: [], start: null, end: null, reason: 'scripted' }));
  return { content: JSON.stringify(list), reasoning: 'scripted reply' };
}

function send(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
