/**
 * The Reasoner port: one model call for one window of one camera. Backends (openai, onnx, none) live in
 * backends/; what Cosmos Reason 2 is asked and how its replies are read lives in cosmos/.
 */

export type ReasonerBackendName = 'openai' | 'onnx' | 'none';

/** One frame as the model sees it, with its offset from the window's start (sent as a `<t seconds>` text). */
export interface PromptImage {
  atSeconds: number;
  width: number;
  height: number;
  jpeg: Buffer;
}

/** NVIDIA's sampling settings for Cosmos Reason 2 (with or without reasoning). */
export interface SamplingParams {
  temperature: number;
  topP: number;
  topK: number;
  presencePenalty?: number;
  maxTokens: number;
}

/** Everything one model call needs, already in the model's conventions. */
export interface ModelPrompt {
  system: string;
  /** Media come before the text in the user turn, each image preceded by its timestamp. */
  images: PromptImage[];
  /** An alternative to images for backends that take a clip (openai with a video-capable server). */
  video?: { mp4: Buffer; fps: number };
  text: string;
  /** Whether the text asks for `<think>…</think>` before the answer. */
  reasoning: boolean;
  sampling: SamplingParams;
}

/** What a backend got back, before any parsing. */
export interface ModelReply {
  /** The answer text (the whole text when the server has no reasoning parser). */
  content: string;
  /** Think text when the server split it off (`reasoning_content`), else null. */
  reasoning: string | null;
  modelId: string;
  latencyMs: number;
  promptTokens?: number;
  completionTokens?: number;
}

export type ReasonerState = 'ok' | 'loading' | 'unreachable' | 'off';

export interface ReasonerHealth {
  backend: ReasonerBackendName;
  modelId: string | null;
  state: ReasonerState;
  /** Why it is not ok, in words a person can act on. */
  detail?: string;
  checkedAt: number;
}

export interface Reasoner {
  readonly backend: ReasonerBackendName;
  readonly modelId: string | null;
  /** One call. Rejects with a ReasonerError on timeout, transport failure or a bad HTTP status. */
  complete(prompt: ModelPrompt, options: { signal?: AbortSignal; timeoutMs?: number }): Promise<ModelReply>;
  /** A cheap liveness check (list models, or the loaded session), never a full generation. */
  probe(): Promise<ReasonerHealth>;
  close(): Promise<void>;
}

export type ReasonerErrorKind = 'timeout' | 'unreachable' | 'http' | 'bad_reply' | 'aborted' | 'off';

/** A failed model call; `retryable` tells the scheduler whether another try may help. */
export class ReasonerError extends Error {
  constructor(
    readonly kind: ReasonerErrorKind,
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ReasonerError';
  }
}
