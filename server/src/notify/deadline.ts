/**
 * A signal that aborts after `ms` (reason: a DOMException named TimeoutError) or as soon as `parent` aborts.
 * Built on a plain timer held by the returned object, not on AbortSignal.timeout() inside AbortSignal.any():
 * a timeout signal that only AbortSignal.any() refers to can be garbage-collected and then never fires.
 * Call `clear()` when the work is done.
 */
export function deadline(ms: number, parent?: AbortSignal): { signal: AbortSignal; clear(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${ms} ms`, 'TimeoutError')), ms);
  const onParentAbort = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParentAbort();
  else parent?.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    clear: () => {
      clearTimeout(timer);
      parent?.removeEventListener('abort', onParentAbort);
    },
  };
}
