import type { AlertDto } from './alert-dto.js';
import type { CameraStatusDto } from './camera-dto.js';

/**
 * Events the server pushes to dashboards over socket.io (default path `/socket.io`).
 * Connect with `io(origin, { auth: { token } })`, the same token as the HTTP API.
 * `alert:new` leaves at onset with the snapshot; `alert:updated` follows for the clip and every lifecycle change.
 */
export interface ServerToClientEvents {
  'alert:new': (alert: AlertDto) => void;
  'alert:updated': (alert: AlertDto) => void;
  'camera:status': (status: CameraStatusDto) => void;
}

/** Events a dashboard may send. `hello` is answered through its acknowledgement with the server's version. */
export interface ClientToServerEvents {
  hello: (ack: (reply: { version: string }) => void) => void;
}

export const SOCKET_EVENTS = ['alert:new', 'alert:updated', 'camera:status'] as const satisfies readonly (keyof ServerToClientEvents)[];
