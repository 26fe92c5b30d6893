import { useEffect, useMemo, useState } from 'react';
import { api, errorText } from '../api/http.adapter.js';
import type { AlertPageDto, CameraListDto } from '../api/contracts.js';
import { setSearch, useLocation } from '../api/router.js';
import { AlertItem } from '../components/alert-item.js';
import { ErrorNote } from '../components/badges.js';
import { FeedFilters, type FeedOrder } from '../components/feed-filters.js';
import { useNow, useResource } from '../components/use-resource.js';
import { liveStore } from '../live/live-store.adapter.js';
import { useLive } from '../live/use-live.js';
import { filterFromSearch, filterToQuery, filterToSearch, matchesFilter, type AlertFilter } from '../lib/alert-filters.js';
import { compareMostUrgent, compareNewestFirst } from '../lib/severity.js';

const PAGE = 100;
const FRESH_MS = 10_000;

/** Alerts arriving live, highlighted for a few seconds. */
function useFreshIds(): ReadonlySet<string> {
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  useEffect(
    () =>
      liveStore.onNewAlert((alert) => {
        setFresh((ids) => new Set(ids).add(alert.id));
        window.setTimeout(() => setFresh((ids) => new Set([...ids].filter((id) => id !== alert.id))), FRESH_MS);
      }),
    [],
  );
  return fresh;
}

export function FeedPage() {
  const { search } = useLocation();
  const filter = useMemo(() => filterFromSearch(search), [search]);
  const order: FeedOrder = new URLSearchParams(search).get('order') === 'urgent' ? 'urgent' : 'newest';
  const alerts = useLive((s) => s.alerts);
  const resyncs = useLive((s) => s.resyncs);
  const cameras = useResource<CameraListDto>('/api/cameras');
  const now = useNow(5000);
  const fresh = useFreshIds();
  const [cursor, setCursor] = useState<string | null>(null);
  const [shown, setShown] = useState(PAGE);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const queryKey = filterToSearch(filter, '');

  useEffect(() => {
    let current = true;
    setLoading(true);
    api
      .get<AlertPageDto>(`/api/alerts?${filterToQuery(filter, Date.now(), PAGE)}`)
      .then((page) => {
        if (!current) return;
        liveStore.mergeAlerts(page.items);
        setCursor(page.nextCursor);
        setShown(PAGE);
        setError(null);
      })
      .catch((failure: unknown) => current && setError(errorText(failure)))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // The query key stands for the filter; `resyncs` refetches after a reconnect.
  }, [queryKey, resyncs]);

  const loadOlder = async () => {
    if (!cursor) return;
    try {
      const page = await api.get<AlertPageDto>(`/api/alerts?${filterToQuery(filter, Date.now(), PAGE, cursor)}`);
      liveStore.mergeAlerts(page.items);
      setCursor(page.nextCursor);
      setShown((n) => n + PAGE);
    } catch (failure) {
      setError(errorText(failure));
    }
  };

  const cameraNames = useMemo(() => new Map((cameras.data?.items ?? []).map((c) => [c.id, c.name])), [cameras.data]);
  const visible = useMemo(() => {
    const matching = [...alerts.values()].filter((alert) => matchesFilter(alert, filter, now));
    return matching.sort(order === 'urgent' ? compareMostUrgent : compareNewestFirst).slice(0, shown);
  }, [alerts, filter, now, order, shown]);

  const changeFilter = (next: AlertFilter) => setSearch(filterToSearch(next, search));
  const changeOrder = (next: FeedOrder) => {
    const params = new URLSearchParams(search);
    if (next === 'urgent') params.set('order', 'urgent');
    else params.delete('order');
    setSearch(params.size > 0 ? `?${params.toString()}` : '');
  };

  return (
    <section aria-labelledby="feed-title">
      <h1 id="feed-title">Alerts</h1>
      <FeedFilters filter={filter} cameras={cameras.data?.items ?? []} order={order} onChange={changeFilter} onOrder={changeOrder} />
      <ErrorNote>{error}</ErrorNote>
      <p className="muted" aria-live="polite">
        {loading ? 'Loading alerts…' : `${visible.length} alert${visible.length === 1 ? '' : 's'} shown`}
      </p>
      <ol className="alert-feed" data-testid="alert-feed" aria-label="Alert feed">
        {visible.map((alert) => (
          <AlertItem key={alert.id} alert={alert} cameraName={cameraNames.get(alert.cameraId) ?? alert.cameraId} now={now}
            fresh={fresh.has(alert.id)} />
        ))}
      </ol>
      {!loading && visible.length === 0 && <p className="empty">No alerts match these filters.</p>}
      {cursor && (
        <button type="button" onClick={() => void loadOlder()} data-testid="feed-load-older">
          Load older alerts
        </button>
      )}
    </section>
  );
}
