/** Messages of the fan-out client host (fanout-host.ts), one JSON object per line on its stdout. */

export interface ConnectedMessage {
  type: 'connected';
  clients: number;
  connected: number;
  /** Clients whose connection was refused or timed out; the first error says why. */
  failed: number;
  firstError: string | null;
  /** Per connected client: handshake done, ms after the whole wave started. */
  connectMs: number[];
  /** First connect attempt → last client connected (or failed). */
  waveMs: number;
}

export interface ReportMessage {
  type: 'report';
  /** `disconnect` events seen since all clients connected. */
  disconnects: number;
  alerts: Array<{ alertId: string; startedAt: string; cameraId: string; arrivalsMs: Array<number | null> }>;
}

export type HostMessage = ConnectedMessage | ReportMessage;

/** What the benchmark sends on the host's stdin. */
export type HostCommand = { cmd: 'report' };
