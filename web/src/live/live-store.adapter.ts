import { io, type Socket } from 'socket.io-client';
import { api } from '../api/http.adapter.js';
import type { AlertDto, AlertPageDto, CameraStatusDto, ClientToServerEvents, ServerToClientEvents } from '../api/contracts.js';
import { session } from '../api/session.js';
import { catchUpSince, mergeAlerts } from '../lib/alert-merge.js';
import { backoffDelay } from '../lib/backoff.js';

export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'catching-up' | 'signed-out';

export interface LiveState {
  connection: ConnectionState;
  /** Every alert seen by this page (fetched or pushed), by id, each at its latest known state. */
  alerts: ReadonlyMap<string, AlertDto>;
  cameraStatus: ReadonlyMap<string, CameraStatusDto>;
  /** Bumped after each catch-up, so views that fetched with their own filters fetch again. */
  resyncs: number;
  lastDisconnectAt: number | null;
}

type VigilSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const MAX_CATCH_UP_PAGES = 10;
const PAGE = 200;

/** The live connection: socket.io events and catch-up after a reconnect, merged into one state for React. */
class LiveStore {
  private state: LiveState = { connection: 'signed-out', alerts: new Map(), cameraStatus: new Map(), resyncs: 0, lastDisconnectAt: null };
  private readonly listeners = new Set<() => void>();
  private readonly newAlertListeners = new Set<(alert: AlertDto) => void>();
  private socket: VigilSocket | null = null;
  private retryTimer: number | undefined;
  private retries = 0;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getState = (): LiveState => this.state;

  /** Called for each `alert:new` as it arrives (sound, desktop notification). */
  onNewAlert(listener: (alert: AlertDto) => void): () => void {
    this.newAlertListeners.add(listener);
    return () => this.newAlertListeners.delete(listener);
  }

  mergeAlerts(alerts: readonly AlertDto[]): void {
    const merged = mergeAlerts(this.state.alerts, alerts);
    if (merged !== this.state.alerts) this.update({ alerts: merged });
  }

  /** Connects with the API token, or (null) with the session cookie, which the browser sends by itself. */
  start(token: string | null): void {
    this.stop();
    this.update({ connection: 'connecting' });
    const socket: VigilSocket = io({ auth: token ? { token } : {}, withCredentials: true, reconnectionDelay: 1000, reconnectionDelayMax: 10_000, randomizationFactor: 0.5 });
    this.socket = socket;
    let connectedBefore = false;

    socket.on('connect', () => {
      this.retries = 0;
      const since = connectedBefore && this.state.lastDisconnectAt !== null ? catchUpSince(this.state.lastDisconnectAt) : null;
      connectedBefore = true;
      void this.catchUp(since);
    });
    socket.on('disconnect', (reason) => {
      this.update({ connection: 'reconnecting', lastDisconnectAt: this.state.lastDisconnectAt ?? Date.now() });
      // The server closed this socket on purpose (restart, token change): socket.io leaves reconnecting to us.
      if (reason === 'io server disconnect') this.retryLater();
    });
    socket.io.on('reconnect_attempt', () => this.update({ connection: 'reconnecting' }));
    socket.on('connect_error', (error) => {
      if (socket.active) return; // socket.io retries by itself
      if (error.message === 'unauthorized') session.expire();
      else this.retryLater();
    });
    socket.on('alert:new', (alert) => {
      this.mergeAlerts([alert]);
      for (const listener of this.newAlertListeners) listener(alert);
    });
    socket.on('alert:updated', (alert) => this.mergeAlerts([alert]));
    socket.on('camera:status', (status) => {
      const cameraStatus = new Map(this.state.cameraStatus);
      cameraStatus.set(status.cameraId, status);
      this.update({ cameraStatus });
    });
  }

  stop(): void {
    window.clearTimeout(this.retryTimer);
    this.socket?.removeAllListeners();
    this.socket?.io.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.state = { connection: 'signed-out', alerts: new Map(), cameraStatus: new Map(), resyncs: 0, lastDisconnectAt: null };
    this.emit();
  }

  private retryLater(): void {
    const socket = this.socket;
    window.clearTimeout(this.retryTimer);
    this.retryTimer = window.setTimeout(() => socket === this.socket && socket?.connect(), backoffDelay(this.retries++));
  }

  /** Fetches what happened while disconnected (from `since`) and the active alerts, then tells views to refetch. */
  private async catchUp(since: number | null): Promise<void> {
    const socket = this.socket;
    this.update({ connection: 'catching-up' });
    try {
      if (since !== null) await this.fetchPages(`since=${since}`, socket);
      await this.fetchPages('status=open,acknowledged', socket);
      if (socket !== this.socket) return;
      this.update({ connection: socket?.connected ? 'live' : 'reconnecting', lastDisconnectAt: null, resyncs: this.state.resyncs + 1 });
    } catch {
      if (socket !== this.socket) return;
      // Keep `lastDisconnectAt`: the next attempt catches up from the same point.
      this.update({ connection: 'reconnecting' });
      this.retryTimer = window.setTimeout(() => socket === this.socket && void this.catchUp(since), backoffDelay(this.retries++));
    }
  }

  private async fetchPages(query: string, socket: VigilSocket | null): Promise<void> {
    let cursor: string | null = null;
    for (let page = 0; page < MAX_CATCH_UP_PAGES && socket === this.socket; page++) {
      const suffix: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const result: AlertPageDto = await api.get<AlertPageDto>(`/api/alerts?${query}&limit=${PAGE}${suffix}`);
      this.mergeAlerts(result.items);
      cursor = result.nextCursor;
      if (!cursor) return;
    }
  }

  private update(patch: Partial<LiveState>): void {
    this.state = { ...this.state, ...patch };
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}

export const liveStore = new LiveStore();

export const CONNECTION_LABEL: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  'catching-up': 'Catching up…',
  'signed-out': 'Signed out',
};
