/**
 * The `onnx` Reasoner backend: Cosmos Reason 2 (a Qwen3-VL model) run in process by transformers.js v4 on
 * onnxruntime-node, from a local model folder only (nothing is ever fetched). One generation runs at a time
 * per loaded model; other calls wait their turn.
 *
 * The reply text is returned whole in `content` with `reasoning: null`, exactly like an OpenAI-compatible
 * server without a reasoning parser, so that `<think>…</think>` is split in one place (the Cosmos reply
 * parser) for every backend.
 */
import { access, readFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import {
  AutoModelForImageTextToText,
  AutoProcessor,
  RawImage,
  env,
  type PreTrainedModel,
  type Processor,
  type Tensor,
} from '@huggingface/transformers';
import { ReasonerError, type ModelPrompt, type ModelReply, type Reasoner, type ReasonerHealth } from '../reasoner.js';
import { buildChatMessages } from './onnx-chat-messages.js';
import { AbortStoppingCriteria, shapingProcessors } from './onnx-generation-hooks.js';
import {
  describeMissingFiles,
  externalDataFormatOf,
  requiredModelFiles,
  transformersDtype,
  type OnnxDtype,
} from './onnx-model-files.js';
import { buildModelInputs } from './onnx-model-inputs.js';
import { logitShapingFor } from './onnx-sampling.js';
import { createRunQueue, runExclusive, withDeadline } from './onnx-call-control.js';

export interface OnnxReasonerOptions {
  /** Local model folder laid out like onnx-community/Qwen3-VL-2B-Instruct-ONNX. */
  dir: string;
  /** Which weight files to load (onnx/<session>_<dtype>.onnx); fp32 (no suffix) by default. */
  dtype?: OnnxDtype;
  /** 'cuda' needs onnxruntime-node's CUDA 12 binaries (an opt-in install). */
  device?: 'cpu' | 'cuda';
  /** Reported in replies and health; the folder name by default. */
  modelId?: string;
  /** After a failed load, how long before another call or probe tries again. */
  loadRetryMs?: number;
}

export interface OnnxReasoner extends Reasoner {
  /** Loads the sessions now instead of on first use; rejects with a ReasonerError naming what is wrong. */
  load(): Promise<void>;
}

interface LoadedModel {
  processor: Processor;
  model: PreTrainedModel;
}

export function createOnnxReasoner(options: OnnxReasonerOptions): OnnxReasoner {
  const dir = resolve(options.dir);
  const dtype = options.dtype ?? 'fp32';
  const device = options.device ?? 'cpu';
  const modelId = options.modelId ?? basename(dir);
  const loadRetryMs = options.loadRetryMs ?? 60_000;

  let loaded: LoadedModel | null = null;
  let loading: Promise<LoadedModel> | null = null;
  let failure: { error: ReasonerError; at: number } | null = null;
  const closing = new AbortController();
  const queue = createRunQueue();

  async function missingFiles(): Promise<string[]> {
    const config = await readFile(join(dir, 'config.json'), 'utf8')
      .then((text) => JSON.parse(text) as unknown)
      .catch(() => undefined);
    const required = requiredModelFiles(dtype, externalDataFormatOf(config));
    const present = await Promise.all(required.map((file) => access(join(dir, file)).then(() => true, () => false)));
    return required.filter((_, i) => !present[i]);
  }

  /** Missing files are checked afresh on every try; only a failed load waits `loadRetryMs` before the next. */
  async function loadSessions(): Promise<LoadedModel> {
    const missing = await missingFiles();
    if (missing.length > 0) {
      throw new ReasonerError('unreachable', describeMissingFiles(dir, dtype, missing), false);
    }
    // An absolute folder is read as a path, never as a hub id; remote loading stays off for the process.
    env.allowLocalModels = true;
    env.allowRemoteModels = false;
    try {
      const [processor, model] = await Promise.all([
        AutoProcessor.from_pretrained(dir, { local_files_only: true }),
        AutoModelForImageTextToText.from_pretrained(dir, {
          local_files_only: true,
          dtype: transformersDtype(dtype),
          device,
        }),
      ]);
      return { processor, model };
    } catch (error) {
      const message = `could not load model from ${dir}: ${messageOf(error)}`;
      failure = { error: new ReasonerError('unreachable', message, false), at: Date.now() };
      throw failure.error;
    }
  }

  function ensureLoaded(): Promise<LoadedModel> {
    if (closing.signal.aborted) return Promise.reject(new ReasonerError('off', 'the onnx reasoner is closed', false));
    if (loaded) return Promise.resolve(loaded);
    if (loading) return loading;
    if (failure && Date.now() - failure.at < loadRetryMs) return Promise.reject(failure.error);
    loading = loadSessions().then(
      (model) => {
        loaded = model;
        failure = null;
        loading = null;
        return model;
      },
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  }

  /** Frames ride as images: this backend ignores `prompt.video` (transformers.js's Qwen-VL processor is image-only). */
  async function generate(prompt: ModelPrompt, signal: AbortSignal): Promise<Omit<ModelReply, 'latencyMs'>> {
    const { processor, model } = await ensureLoaded();
    if (signal.aborted) throw signal.reason;
    const text = processor.apply_chat_template(buildChatMessages(prompt), { add_generation_prompt: true }) as string;
    const images = await Promise.all(
      prompt.images.map((image) => RawImage.fromBlob(new Blob([new Uint8Array(image.jpeg)]))),
    );
    const inputs = await buildModelInputs(processor, text, images);
    const promptLength = inputs.input_ids.dims[1] ?? 0;
    const shaping = logitShapingFor(prompt.sampling);
    const output = (await model.generate({
      ...inputs,
      max_new_tokens: prompt.sampling.maxTokens,
      do_sample: shaping.temperature > 0,
      temperature: 1,
      top_k: shaping.topK,
      logits_processor: shapingProcessors(shaping, promptLength),
      stopping_criteria: [new AbortStoppingCriteria(signal)],
    })) as Tensor;
    if (signal.aborted) throw signal.reason;
    const totalLength = output.dims[1] ?? promptLength;
    const [content = ''] = processor.batch_decode(output.slice(null, [promptLength, totalLength]), {
      skip_special_tokens: true,
    });
    const completionTokens = totalLength - promptLength;
    return { content, reasoning: null, modelId, promptTokens: promptLength, completionTokens };
  }

  return {
    backend: 'onnx',
    modelId,

    async load() {
      await ensureLoaded();
    },

    /** The timeout counts from the call: waiting for the queue and a first load included (the load carries on). */
    async complete(prompt, callOptions) {
      const started = performance.now();
      const reply = await withDeadline({ ...callOptions, closing: closing.signal }, (signal) =>
        runExclusive(queue, () => {
          if (signal.aborted) return Promise.reject(signal.reason);
          return generate(prompt, signal).catch((error: unknown) => {
            if (error instanceof ReasonerError) throw error;
            throw new ReasonerError('unreachable', `generation failed: ${messageOf(error)}`, false);
          });
        }),
      );
      return { ...reply, latencyMs: Math.round(performance.now() - started) };
    },

    async probe(): Promise<ReasonerHealth> {
      const health = (state: ReasonerHealth['state'], detail?: string): ReasonerHealth => ({
        backend: 'onnx',
        modelId,
        state,
        ...(detail ? { detail } : {}),
        checkedAt: Date.now(),
      });
      if (closing.signal.aborted) return health('off', 'the onnx reasoner is closed');
      if (loaded) return health('ok');
      const missing = await missingFiles();
      if (missing.length > 0) return health('unreachable', describeMissingFiles(dir, dtype, missing));
      if (!loading && failure && Date.now() - failure.at < loadRetryMs) {
        return health('unreachable', failure.error.message);
      }
      // A probe warms the model up, so the first gated window does not wait for the load.
      ensureLoaded().catch(() => undefined);
      return health('loading', `loading ${dtype} weights on ${device} from ${dir}`);
    },

    async close() {
      closing.abort();
      await loading?.catch(() => undefined);
      await queue.tail.catch(() => undefined);
      const model = loaded?.model;
      loaded = null;
      await model?.dispose();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
