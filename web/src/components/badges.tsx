import type { AlertStatus, CameraState, Severity } from '../api/contracts.js';
import { SEVERITY_LABEL, STATUS_LABEL } from '../lib/severity.js';

/** Severity in words and colour (never colour alone). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev-${severity}`}>{SEVERITY_LABEL[severity]}</span>;
}

export function StatusBadge({ status }: { status: AlertStatus }) {
  return <span className={`badge status-${status}`}>{STATUS_LABEL[status]}</span>;
}

const CAMERA_STATE_LABEL: Record<CameraState | 'unknown' | 'tampered', string> = {
  starting: 'Starting',
  online: 'Online',
  degraded: 'Degraded',
  offline: 'Offline',
  unknown: 'No status',
  tampered: 'Tampered',
};

export function CameraStateBadge({ state }: { state: CameraState | 'unknown' | 'tampered' }) {
  return (
    <span className={`badge cam-${state}`} data-testid={`camera-badge-${state}`}>
      {CAMERA_STATE_LABEL[state]}
    </span>
  );
}

export function ErrorNote({ children }: { children: string | null }) {
  if (!children) return null;
  return (
    <p className="error-note" role="alert">
      {children}
    </p>
  );
}
