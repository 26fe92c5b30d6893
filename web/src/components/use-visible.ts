import { useEffect, useState } from 'react';

/** Whether the element is on screen (with a margin), so off-screen tiles do not hold live streams open. */
export function useVisible<T extends Element>(): [boolean, (element: T | null) => void] {
  const [element, setElement] = useState<T | null>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    if (!element) return;
    if (typeof IntersectionObserver === 'undefined') return setVisible(true);
    const observer = new IntersectionObserver((entries) => setVisible(entries.some((e) => e.isIntersecting)), { rootMargin: '200px' });
    observer.observe(element);
    return () => observer.disconnect();
  }, [element]);
  return [visible, setElement];
}

/** Counts up every `ms` while `running`: a cache-busting parameter for refreshed snapshots. */
export function useTick(ms: number, running: boolean): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!running) return;
    const timer = window.setInterval(() => document.visibilityState === 'visible' && setTick((t) => t + 1), ms);
    return () => window.clearInterval(timer);
  }, [ms, running]);
  return tick;
}
