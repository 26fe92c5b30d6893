import { useEffect, useMemo, useRef } from 'react';
import { beep, notifyDesktop } from './alerting/alarm.adapter.js';
import { navigate, useLocation } from './api/router.js';
import { restoreSession } from './api/auth.adapter.js';
import { useSession } from './api/session.js';
import { Layout } from './components/layout.js';
import { Link } from './components/link.js';
import { liveStore } from './live/live-store.adapter.js';
import { useLive } from './live/use-live.js';
import { alertPath, matchRoute, type Route } from './lib/routes.js';
import { SEVERITY_LABEL } from './lib/severity.js';
import { AlertDetailPage } from './pages/alert-detail.js';
import { CamerasPage } from './pages/cameras.js';
import { FeedPage } from './pages/feed.js';
import { PublishPage } from './pages/publish.js';
import { RulesPage } from './pages/rules.js';
import { SignInPage } from './pages/sign-in.js';
import { SystemPage } from './pages/system.js';
import { TokensPage } from './pages/tokens.js';
import { UsersPage } from './pages/users.js';
import { ZonesPage } from './pages/zones.js';

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'feed':
      return <FeedPage />;
    case 'alert':
      return <AlertDetailPage key={route.id} id={route.id} />;
    case 'cameras':
      return <CamerasPage />;
    case 'zones':
      return <ZonesPage key={route.cameraId} cameraId={route.cameraId} />;
    case 'rules':
      return <RulesPage />;
    case 'system':
      return <SystemPage />;
    case 'publish':
      return <PublishPage />;
    case 'users':
      return <UsersPage />;
    case 'tokens':
      return <TokensPage />;
    case 'not-found':
      return (
        <section>
          <h1>Not found</h1>
          <p>Nothing lives at <code>{route.path}</code>. <Link href="/">Go to the alerts</Link>.</p>
        </section>
      );
  }
}

/** Critical alerts beep (when sound is on) and raise a desktop notification (when allowed). */
function useCriticalAlarm(): void {
  useEffect(
    () =>
      liveStore.onNewAlert((alert) => {
        if (alert.severity !== 'critical') return;
        beep();
        notifyDesktop(`${SEVERITY_LABEL[alert.severity]}: ${alert.ruleName}`, `${alert.cameraId} · ${alert.summary}`, alert.id, () =>
          navigate(alertPath(alert.id)),
        );
      }),
    [],
  );
}

/** Open alerts in the tab title, so a background tab still says when something needs attention. */
function useTitleCount(): void {
  const alerts = useLive((s) => s.alerts);
  const open = useMemo(() => [...alerts.values()].filter((a) => a.status === 'open').length, [alerts]);
  useEffect(() => {
    document.title = open > 0 ? `(${open}) Vigil` : 'Vigil';
  }, [open]);
}

export function App() {
  const { status, token, generation } = useSession();
  const { pathname } = useLocation();
  const route = useMemo(() => matchRoute(pathname), [pathname]);
  const firstRender = useRef(true);

  useEffect(() => void restoreSession(), []);
  useEffect(() => {
    if (status === 'signed-in') liveStore.start(token);
    else liveStore.stop();
    // A new sign-in (another user, another token) gets a new connection that sees what that user may see.
  }, [status, generation]);
  useCriticalAlarm();
  useTitleCount();

  useEffect(() => {
    // Move focus to the new page's content so keyboard and screen-reader users start there.
    if (firstRender.current) firstRender.current = false;
    else document.getElementById('main')?.focus({ preventScroll: true });
  }, [pathname]);

  if (status === 'checking') {
    return (
      <main className="sign-in" id="main">
        <p className="muted" role="status">Signing in…</p>
      </main>
    );
  }
  if (status === 'signed-out') return <SignInPage />;
  return (
    <Layout>
      <Page route={route} />
    </Layout>
  );
}
