/**
 * Call control for an in-process model: one run at a time (a promise queue), and a deadline that rejects the
 * caller at once on abort, timeout or close while the run itself stops at its next token.
 */
import { ReasonerError } from '../reasoner.js';

export interface RunQueue {
  tail: Promise<unknown>;
}

export function createRunQueue(): RunQueue {
  return { tail: Promise.resolve() };
}

/** Runs `task` after every task queued before it has settled. */
export function runExclusive<T>(queue: RunQueue, task: () => Promise<T>): Promise<T> {
  const result = queue.tail.then(task);
  queue.tail = result.then(
    () => undefined,
    () => undefined,
  );
  return result;
}

export interface DeadlineSources {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Aborts the call when the backend closes. */
  closing?: AbortSignal;
}

/**
 * Calls `run` with a signal that aborts on the caller's signal, the timeout or closing, and rejects with the
 * matching ReasonerError as soon as that happens, whether or not `run` has finished.
 */
export async function withDeadline<T>(sources: DeadlineSources, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const abortWith = (error: ReasonerError) => () => controller.abort(error);
  const onCallerAbort = abortWith(new ReasonerError('aborted', 'the model call was aborted', false));
  const onClosing = abortWith(new ReasonerError('off', 'the onnx reasoner was closed', false));
  if (sources.signal?.aborted) onCallerAbort();
  if (sources.closing?.aborted) onClosing();
  if (controller.signal.aborted) throw controller.signal.reason;

  sources.signal?.addEventListener('abort', onCallerAbort, { once: true });
  sources.closing?.addEventListener('abort', onClosing, { once: true });
  const timer =
    sources.timeoutMs === undefined
      ? undefined
      : setTimeout(
          abortWith(new ReasonerError('timeout', `no reply within ${sources.timeoutMs} ms`, true)),
          sources.timeoutMs,
        );
  const stopped = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  const work = run(controller.signal);
  // Whichever loses the race settles later with nobody listening.
  work.catch(() => undefined);
  stopped.catch(() => undefined);
  try {
    return await Promise.race([work, stopped]);
  } finally {
    clearTimeout(timer);
    sources.signal?.removeEventListener('abort', onCallerAbort);
    sources.closing?.removeEventListener('abort', onClosing);
  }
}
