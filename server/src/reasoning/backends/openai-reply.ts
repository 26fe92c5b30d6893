import { z } from 'zod';
import { redactText } from '../../domain/redact.js';
import { ReasonerError } from '../reasoner.js';

/** What one chat-completions reply says, before the answer itself is parsed. */
export interface ChatReply {
  content: string;
  reasoning: string | null;
  modelId: string | null;
  promptTokens?: number;
  completionTokens?: number;
}

const text = z.string().nullish();
const chatCompletion = z.object({
  model: z.string().optional(),
  choices: z
    .array(
      z.object({
        message: z.object({
          content: text,
          /** vLLM with a reasoning parser */
          reasoning_content: text,
          /** the name some other servers use */
          reasoning: text,
        }),
      }),
    )
    .min(1),
  usage: z
    .object({ prompt_tokens: z.number().optional(), completion_tokens: z.number().optional() })
    .nullish(),
});

/** Reads a 200 reply body; anything that is not a chat completion with text in it is a `bad_reply`. */
export function readChatReply(body: string): ChatReply {
  const parsed = chatCompletion.safeParse(parseJson(body));
  if (!parsed.success) {
    throw new ReasonerError('bad_reply', `model server sent a reply that is not a chat completion: ${preview(body)}`, false);
  }
  const message = parsed.data.choices[0]!.message;
  const reasoning = message.reasoning_content ?? message.reasoning ?? null;
  if (message.content == null && reasoning == null) {
    throw new ReasonerError('bad_reply', 'model server sent a chat completion with neither content nor reasoning', false);
  }
  const usage = parsed.data.usage;
  return {
    content: message.content ?? '',
    reasoning,
    modelId: parsed.data.model ?? null,
    ...(usage?.prompt_tokens !== undefined ? { promptTokens: usage.prompt_tokens } : {}),
    ...(usage?.completion_tokens !== undefined ? { completionTokens: usage.completion_tokens } : {}),
  };
}

const modelList = z.object({ data: z.array(z.object({ id: z.string() })) });

/** The model ids in a `GET /models` reply, or null when the body is not a model list. */
export function readModelIds(body: string): string[] | null {
  const parsed = modelList.safeParse(parseJson(body));
  return parsed.success ? parsed.data.data.map((m) => m.id) : null;
}

const RETRYABLE_STATUSES = new Set([408, 409, 425, 429, 500, 502, 503, 504]);

export interface ServerContext {
  /** The server's base URL as it may be shown. */
  shown: string;
  secrets: readonly string[];
  hasApiKey: boolean;
}

/** A failed HTTP status as a ReasonerError; overload and gateway troubles may pass, client errors will not. */
export function httpError(status: number, body: string, server: ServerContext): ReasonerError {
  const said = serverMessage(body);
  const why = said ? `: ${redactText(said, server.secrets)}` : '';
  const retryable = RETRYABLE_STATUSES.has(status) || (status >= 500 && status !== 501);
  return new ReasonerError('http', `model server at ${server.shown} ${describeStatus(status, server.hasApiKey)}${why}`, retryable, status);
}

function describeStatus(status: number, hasApiKey: boolean): string {
  switch (status) {
    case 401:
      return hasApiKey ? 'refused the API key (HTTP 401)' : 'wants an API key and none is configured (HTTP 401)';
    case 403:
      return 'denied access (HTTP 403)';
    case 404:
      return 'does not know this model or path (HTTP 404)';
    case 429:
      return 'is overloaded (HTTP 429)';
    case 503:
      return 'is unavailable or still loading (HTTP 503)';
    default:
      return `answered HTTP ${status}`;
  }
}

/**
 * The server's own words from an error body: OpenAI `{error:{message}}`, older vLLM `{message}`,
 * FastAPI `{detail}`, or short plain text.
 */
export function serverMessage(body: string): string | null {
  const json = parseJson(body);
  if (json && typeof json === 'object') {
    const record = json as Record<string, unknown>;
    const error = record.error;
    if (error && typeof error === 'object' && typeof (error as Record<string, unknown>).message === 'string') {
      return clip((error as Record<string, unknown>).message as string);
    }
    for (const key of ['error', 'message', 'detail'] as const) {
      if (typeof record[key] === 'string') return clip(record[key]);
    }
    return null;
  }
  const trimmed = body.trim();
  return trimmed && !trimmed.startsWith('<') ? clip(trimmed) : null;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function clip(s: string, max = 300): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max)}…` : one;
}

function preview(body: string): string {
  return body.trim() === '' ? '(empty body)' : JSON.stringify(clip(body, 120));
}
