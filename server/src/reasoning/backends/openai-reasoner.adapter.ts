import { redactText } from '../../domain/redact.js';
import { ReasonerError, type ModelReply, type Reasoner, type ReasonerHealth, type ReasonerState } from '../reasoner.js';
import { endpointUrl, resolveEndpoint } from './openai-endpoint.js';
import { buildChatRequest, type OpenAiMedia } from './openai-request.js';
import { httpError, readChatReply, readModelIds, type ServerContext } from './openai-reply.js';

export interface OpenAiReasonerOptions {
  /** Server base URL, with or without `/v1` (see resolveEndpoint), e.g. `http://gpu-box:8000/v1`. */
  url: string;
  /** The served model name, e.g. `nvidia/Cosmos-Reason2-2B`. */
  model: string;
  /** Sent as `Authorization: Bearer …`; never logged or quoted in errors. */
  apiKey?: string;
  /** Per call, unless the caller passes its own; default 30 s. */
  timeoutMs?: number;
  /** For `probe()`; default 5 s. */
  probeTimeoutMs?: number;
  /** Frames as timestamped JPEGs (default), or the window's MP4 clip when the prompt carries one. */
  media?: OpenAiMedia;
  fetch?: typeof fetch;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_PROBE_TIMEOUT_MS = 5_000;
const MODELS_NAMED_IN_DETAIL = 10;

interface Exchange {
  status: number;
  ok: boolean;
  body: string;
}

/** The Reasoner for any OpenAI-compatible chat-completions server (vLLM, NVIDIA NIM). */
export function createOpenAiReasoner(options: OpenAiReasonerOptions): Reasoner {
  const endpoint = resolveEndpoint(options.url, options.apiKey);
  const server: ServerContext = { shown: endpoint.shown, secrets: endpoint.secrets, hasApiKey: Boolean(options.apiKey) };
  const doFetch = options.fetch ?? globalThis.fetch;
  const media = options.media ?? 'images';
  const closing = new AbortController();
  const authorization = options.apiKey ? `Bearer ${options.apiKey}` : endpoint.basicAuth;
  const authHeaders: Record<string, string> = authorization ? { authorization } : {};

  async function exchange(url: string, init: RequestInit, timeoutMs: number, callerSignal?: AbortSignal): Promise<Exchange> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([timeout, closing.signal, ...(callerSignal ? [callerSignal] : [])]);
    try {
      const response = await doFetch(url, { ...init, signal });
      const body = await response.text();
      return { status: response.status, ok: response.ok, body };
    } catch (err) {
      if (callerSignal?.aborted) throw new ReasonerError('aborted', 'model call was cancelled', false);
      if (closing.signal.aborted) throw new ReasonerError('aborted', 'the reasoner was closed', false);
      if (timeout.aborted) {
        throw new ReasonerError('timeout', `model server at ${endpoint.shown} did not answer within ${timeoutMs} ms`, true);
      }
      throw new ReasonerError('unreachable', `cannot reach model server at ${endpoint.shown}: ${transportFailure(err)}`, true);
    }
  }

  function scrubbed(err: unknown): unknown {
    if (!(err instanceof ReasonerError)) return err;
    return new ReasonerError(err.kind, redactText(err.message, endpoint.secrets), err.retryable, err.status);
  }

  return {
    backend: 'openai',
    modelId: options.model,

    async complete(prompt, call): Promise<ModelReply> {
      const started = performance.now();
      try {
        const request = buildChatRequest(prompt, options.model, media);
        const result = await exchange(
          endpointUrl(endpoint, 'chat/completions'),
          { method: 'POST', headers: { ...authHeaders, 'content-type': 'application/json' }, body: JSON.stringify(request) },
          call.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
          call.signal,
        );
        if (!result.ok) throw httpError(result.status, result.body, server);
        const reply = readChatReply(result.body);
        return {
          content: reply.content,
          reasoning: reply.reasoning,
          modelId: reply.modelId ?? options.model,
          latencyMs: Math.round(performance.now() - started),
          ...(reply.promptTokens !== undefined ? { promptTokens: reply.promptTokens } : {}),
          ...(reply.completionTokens !== undefined ? { completionTokens: reply.completionTokens } : {}),
        };
      } catch (err) {
        throw scrubbed(err);
      }
    },

    async probe(): Promise<ReasonerHealth> {
      const health = (state: ReasonerState, detail?: string): ReasonerHealth => ({
        backend: 'openai',
        modelId: options.model,
        state,
        ...(detail !== undefined ? { detail: redactText(detail, endpoint.secrets) } : {}),
        checkedAt: Date.now(),
      });
      let result: Exchange;
      try {
        result = await exchange(
          endpointUrl(endpoint, 'models'),
          { method: 'GET', headers: authHeaders },
          options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS,
        );
      } catch (err) {
        if (closing.signal.aborted) return health('off', 'the reasoner was closed');
        return health('unreachable', err instanceof Error ? err.message : String(err));
      }
      if (result.status === 503) return health('loading', httpError(result.status, result.body, server).message);
      if (!result.ok) return health('unreachable', httpError(result.status, result.body, server).message);
      const ids = readModelIds(result.body);
      if (ids === null) {
        return health('unreachable', `model server at ${endpoint.shown} answered GET /models with something that is not a model list`);
      }
      if (!ids.includes(options.model)) return health('unreachable', missingModel(endpoint.shown, options.model, ids));
      return health('ok');
    },

    async close(): Promise<void> {
      closing.abort();
    },
  };
}

function missingModel(shown: string, model: string, served: string[]): string {
  if (served.length === 0) return `model server at ${shown} serves no models; it should serve "${model}"`;
  const named = served.slice(0, MODELS_NAMED_IN_DETAIL).map((id) => `"${id}"`).join(', ');
  const more = served.length > MODELS_NAMED_IN_DETAIL ? ` and ${served.length - MODELS_NAMED_IN_DETAIL} more` : '';
  return `model server at ${shown} does not serve "${model}"; it serves ${named}${more}. Set the model name to one of these`;
}

const TRANSPORT_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is the server running and listening on that port?)',
  ENOTFOUND: 'host name not found (check the host in the model URL)',
  EAI_AGAIN: 'host name lookup failed for now (DNS)',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'no route to the host',
  ENETUNREACH: 'the network is unreachable',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_SOCKET: 'the connection closed before the reply was complete',
};

/** fetch hides the reason in `cause`: a system error code or a TLS failure. */
function transportFailure(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = typeof (cause as { code?: unknown })?.code === 'string' ? (cause as { code: string }).code : undefined;
  if (code && TRANSPORT_CODES[code]) return `${TRANSPORT_CODES[code]} [${code}]`;
  const message = cause instanceof Error ? cause.message : String(cause);
  return code ? `${message} [${code}]` : message;
}
