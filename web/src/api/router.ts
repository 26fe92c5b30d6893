import { useSyncExternalStore } from 'react';

export interface Location {
  pathname: string;
  search: string;
}

const listeners = new Set<() => void>();
let snapshot: Location = { pathname: window.location.pathname, search: window.location.search };

function refresh(): void {
  const { pathname, search } = window.location;
  if (pathname === snapshot.pathname && search === snapshot.search) return;
  snapshot = { pathname, search };
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', refresh);

/** Goes to `to` (path and query) without reloading the page. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  refresh();
  if (!options.replace) window.scrollTo(0, 0);
}

/** Changes only the query string, keeping the page. */
export function setSearch(search: string): void {
  navigate(`${window.location.pathname}${search}`, { replace: true });
}

export function useLocation(): Location {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => snapshot,
  );
}

/** A plain click without modifier keys: open in this page; others keep the browser's behaviour (new tab…). */
export function isPlainClick(event: { button: number; metaKey: boolean; ctrlKey: boolean; shiftKey: boolean; altKey: boolean }): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
