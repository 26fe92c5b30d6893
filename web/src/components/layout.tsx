import type { ReactNode } from 'react';
import { alarm, useAlarm } from '../alerting/alarm.adapter.js';
import { useLocation } from '../api/router.js';
import { signOut } from '../api/auth.adapter.js';
import { useSession } from '../api/session.js';
import { can, ROLE_LABEL, type Permission } from '../lib/access.js';
import { CONNECTION_LABEL } from '../live/live-store.adapter.js';
import { useLive } from '../live/use-live.js';
import { Link } from './link.js';
import { useWallMode } from './wall-mode.js';

const NAV: { href: string; label: string; testId: string; match(p: string): boolean; needs?: Permission }[] = [
  { href: '/', label: 'Alerts', testId: 'nav-alerts', match: (p: string) => p === '/' || p.startsWith('/alerts') },
  { href: '/cameras', label: 'Cameras', testId: 'nav-cameras', match: (p: string) => p.startsWith('/cameras') },
  { href: '/rules', label: 'Rules', testId: 'nav-rules', match: (p: string) => p.startsWith('/rules') },
  { href: '/system', label: 'System', testId: 'nav-system', match: (p: string) => p.startsWith('/system') },
  { href: '/publish', label: 'Use this device as a camera', testId: 'nav-publish', match: (p: string) => p.startsWith('/publish') },
  { href: '/users', label: 'Users', testId: 'nav-users', match: (p: string) => p.startsWith('/users'), needs: 'manageUsers' },
  { href: '/tokens', label: 'Tokens', testId: 'nav-tokens', match: (p: string) => p.startsWith('/tokens') },
];

function ConnectionState() {
  const connection = useLive((s) => s.connection);
  return (
    <span className={`connection conn-${connection}`} role="status" data-testid="connection-state" data-state={connection}>
      <span className="dot" aria-hidden="true" />
      {CONNECTION_LABEL[connection]}
    </span>
  );
}

function AlarmToggles() {
  const settings = useAlarm();
  const soundText = !settings.sound ? 'Sound off' : settings.soundReady ? 'Sound on' : 'Sound on (click to arm)';
  return (
    <>
      <button type="button" className="toggle" aria-pressed={settings.sound} data-testid="sound-toggle" onClick={() => alarm.toggleSound()}
        title="Beep for critical alerts">
        {soundText}
      </button>
      {settings.permission !== 'unsupported' && (
        <button type="button" className="toggle" aria-pressed={settings.notify} data-testid="notify-toggle"
          disabled={settings.permission === 'denied'} onClick={() => void alarm.toggleNotifications()}
          title={settings.permission === 'denied' ? 'Notifications are blocked in this browser' : 'Desktop notifications for critical alerts'}>
          {settings.notify ? 'Notifications on' : settings.permission === 'denied' ? 'Notifications blocked' : 'Notifications off'}
        </button>
      )}
    </>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const { actor, role, user, principal } = useSession();
  const who = user ? user.displayName || user.username : actor;
  const how = principal === 'root' ? 'root API token' : principal === 'token' ? 'API token' : null;
  const [wall, toggleWall] = useWallMode();
  return (
    <div className="app">
      <a className="skip-link" href="#main">Skip to content</a>
      <header className="top-bar">
        <span className="brand">Vigil</span>
        <nav aria-label="Main">
          <ul>
            {NAV.filter((item) => !item.needs || can(role, item.needs)).map((item) => (
              <li key={item.href}>
                <Link href={item.href} data-testid={item.testId} aria-current={item.match(pathname) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="top-actions">
          <ConnectionState />
          <AlarmToggles />
          <button type="button" className="toggle" aria-pressed={wall} data-testid="wall-toggle" onClick={toggleWall}>
            Wall mode
          </button>
          <span className="actor" data-testid="signed-in-as" data-role={role ?? ''} data-username={user?.username ?? ''}
            title={`Signed in${user ? ` as ${user.username}` : ''}${how ? ` with the ${how}` : ''}`}>
            {who}
            {role && <span className="muted"> · {ROLE_LABEL[role]}</span>}
          </span>
          <button type="button" data-testid="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
