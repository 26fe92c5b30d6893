import { useCallback, useEffect, useState } from 'react';
import { api, errorText } from '../api/http.adapter.js';

export interface Resource<T> {
  data: T | null;
  error: string | null;
  loading: boolean;
  reload(): void;
  setData(data: T): void;
}

/** GETs `path` (again whenever it, `refreshKey` or `pollMs` ticks change); keeps the last data while reloading. */
export function useResource<T>(path: string | null, options: { pollMs?: number; refreshKey?: unknown } = {}): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(path !== null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoading(true);
    api
      .get<T>(path)
      .then((result) => current && (setData(result), setError(null)))
      .catch((failure: unknown) => current && setError(errorText(failure)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [path, tick, options.refreshKey]);

  useEffect(() => {
    if (!options.pollMs) return;
    const timer = window.setInterval(() => document.visibilityState === 'visible' && reload(), options.pollMs);
    return () => window.clearInterval(timer);
  }, [options.pollMs, reload]);

  return { data, error, loading, reload, setData };
}

/** The current time, re-read every `everyMs`, for "5 min ago" labels. */
export function useNow(everyMs = 15_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
