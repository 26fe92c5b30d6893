/**
 * Many dashboard clients in one process of their own, so that their CPU is never counted as Vigil's. Connects
 * `--clients` socket.io clients (websocket transport, token auth) to `--url` all at once, then stamps every
 * `alert:new` each client receives with the epoch time in ms (performance.timeOrigin + performance.now(), the
 * same clock as the benchmark's Date.now() on the same machine). Speaks JSON lines (fanout-host-protocol.ts):
 *
 *   ← {"type":"connected",…} once every client connected or failed
 *   → {"cmd":"report"}        ← {"type":"report",…} every alert so far, with each client's arrival time
 *
 * Disconnects every client and exits when stdin closes or on SIGTERM.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../../server/src/contracts/index.js';
import type { ConnectedMessage, HostCommand, HostMessage, ReportMessage } from './fanout-host-protocol.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const now = () => performance.timeOrigin + performance.now();
const send = (message: HostMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

interface AlertRecord {
  startedAt: string;
  cameraId: string;
  arrivalsMs: Array<number | null>;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { url: { type: 'string' }, token: { type: 'string' }, clients: { type: 'string' }, 'timeout-ms': { type: 'string' } } });
  if (!values.url || !values.token) throw new Error('--url and --token are required');
  const count = Number(values.clients ?? '500');
  const timeoutMs = Number(values['timeout-ms'] ?? '60000');
  const alerts = new Map<string, AlertRecord>();
  let connectedAll = false;
  let disconnects = 0;

  const clients: Client[] = [];
  const start = now();
  const outcomes = await Promise.all(
    Array.from({ length: count }, (_, index) => {
      const client: Client = connect(values.url!, { auth: { token: values.token! }, transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs });
      clients.push(client);
      client.on('alert:new', (alert) => {
        const at = now();
        let record = alerts.get(alert.id);
        if (!record) {
          record = { startedAt: alert.startedAt, cameraId: alert.cameraId, arrivalsMs: new Array<number | null>(count).fill(null) };
          alerts.set(alert.id, record);
        }
        record.arrivalsMs[index] = at;
      });
      client.on('disconnect', () => {
        if (connectedAll) disconnects += 1;
      });
      return new Promise<{ ok: true; ms: number } | { ok: false; error: string }>((resolve) => {
        client.once('connect', () => resolve({ ok: true, ms: now() - start }));
        client.once('connect_error', (error) => resolve({ ok: false, error: error.message }));
      });
    }),
  );
  connectedAll = true;
  const connectMs = outcomes.flatMap((o) => (o.ok ? [o.ms] : []));
  const firstFailure = outcomes.find((o) => !o.ok);
  const connected: ConnectedMessage = {
    type: 'connected',
    clients: count,
    connected: connectMs.length,
    failed: count - connectMs.length,
    firstError: firstFailure && !firstFailure.ok ? firstFailure.error : null,
    connectMs,
    waveMs: now() - start,
  };
  send(connected);

  const end = () => {
    for (const client of clients) client.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const command = JSON.parse(line) as HostCommand;
    if (command.cmd !== 'report') return;
    const report: ReportMessage = { type: 'report', disconnects, alerts: [...alerts].map(([alertId, r]) => ({ alertId, ...r })) };
    send(report);
  });
  lines.on('close', end);
}

main().catch((error: unknown) => {
  process.stderr.write(`fan-out host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
