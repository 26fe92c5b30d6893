import { io as connect, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '../server/src/contracts/index.js';
import { fanoutDelays, tailSummary, type AlertArrivals } from './lib/fanout-delays.js';
import { startFanoutHost, type FanoutHost } from './lib/fanout-host-client.js';
import { latencyClip, latencyPublisherArgs, WORK_AREA_RULE_YAML, WORK_ZONE } from './lib/latency-clip.js';
import { descriptorsNeeded, readOpenFilesLimit } from './lib/open-files.js';
import { FFMPEG } from './lib/paths.js';
import { busyShare, ownTicks, readSystemCpu, snapshotProcesses, ticksToSeconds } from './lib/proc-cpu.js';
import { sleep, spawnTracked, stopTracked, waitFor, type Tracked } from './lib/processes.js';
import type { BenchFigure, Benchmark } from './lib/result.js';
import { startSimHost, type SimHost } from './lib/sim-host-client.js';
import { max, median, round } from './lib/stats.js';
import { startVigilProcess, type VigilProcess } from './lib/vigil-process.js';

const CLIENTS = 500;
const GOAL_P99_MS = 250;
const ALERTS = 16;
const WARMUP_MS = 4000;
const BASELINE_MS = 20_000;
const CONNECT_TIMEOUT_MS = 60_000;
const MAX_COLLECT_MS = 150_000;
/** After the last counted alert, for late arrivals to land. */
const GRACE_MS = 3000;
const CAMERA = { id: 'fanout-cam', fps: 2 } as const;

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
interface Observed {
  id: string;
  startedAt: string;
  receivedAt: number;
}

/** Own CPU of some processes, and the whole machine's busy share, from now until `end()`. */
function cpuWindow(pids: readonly number[]) {
  const s0 = snapshotProcesses();
  const m0 = readSystemCpu();
  const t0 = performance.now();
  return () => {
    const s1 = snapshotProcesses();
    const seconds = (performance.now() - t0) / 1000;
    return {
      seconds,
      cpuSeconds: pids.map((pid) => ticksToSeconds(ownTicks(s0, s1, [pid]))),
      machineBusyPct: 100 * busyShare(m0, readSystemCpu()),
    };
  };
}

const pctOfCore = (cpuSeconds: number, seconds: number) => `${round((100 * cpuSeconds) / seconds, 1)} % of a core`;
const ms = (value: number) => `${Math.round(value)} ms`;

/** One `alert:new` broadcast to 500 connected socket.io clients: how long until the last of them has it. */
export const fanout: Benchmark = {
  name: 'fanout',
  title: `alert:new fan-out to ${CLIENTS} socket.io clients`,
  async run(ctx) {
    let sim: SimHost | null = null;
    let vigil: VigilProcess | null = null;
    let publisher: Tracked | null = null;
    let observer: Client | null = null;
    let host: FanoutHost | null = null;
    try {
      const clip = await latencyClip();
      sim = await startSimHost();
      const url = sim.url('fanout');
      publisher = spawnTracked(FFMPEG, latencyPublisherArgs(clip, url), { stdio: ['ignore', 'ignore', 'pipe'] });
      await sim.waitForMount('fanout');
      vigil = await startVigilProcess({ cameras: [{ id: CAMERA.id, url, fps: CAMERA.fps, zones: [WORK_ZONE] }], rulesYaml: WORK_AREA_RULE_YAML });
      const vigilFiles = readOpenFilesLimit(vigil.pid);
      if (vigilFiles && vigilFiles.soft < descriptorsNeeded(CLIENTS)) {
        throw new Error(`Vigil's open-files limit (${vigilFiles.soft}) is below the ${descriptorsNeeded(CLIENTS)} that ${CLIENTS} clients need; raise ulimit -n before running the benchmark`);
      }

      // The observer counts alerts for the benchmark; its arrivals are not among the measured ones.
      const observed: Observed[] = [];
      observer = connect(vigil.url, { auth: { token: vigil.token }, transports: ['websocket'], reconnection: false, forceNew: true });
      observer.on('alert:new', (alert) => observed.push({ id: alert.id, startedAt: alert.startedAt, receivedAt: Date.now() }));
      await new Promise<void>((resolve, reject) => {
        observer!.once('connect', () => resolve());
        observer!.once('connect_error', reject);
      });
      await vigil.waitOnline(1, 30_000);
      await sleep(WARMUP_MS);

      ctx.log(`fanout: baseline, ${BASELINE_MS / 1000} s with one client`);
      const baselineFrom = Date.now();
      const endBaseline = cpuWindow([vigil.pid]);
      await sleep(BASELINE_MS);
      const baseline = endBaseline();
      const baselineAlerts = observed.filter((a) => a.receivedAt >= baselineFrom).length;

      ctx.log(`fanout: connecting ${CLIENTS} clients`);
      const endConnect = cpuWindow([vigil.pid]);
      host = await startFanoutHost({ url: vigil.url, token: vigil.token, clients: CLIENTS, timeoutMs: CONNECT_TIMEOUT_MS });
      const connectCpu = endConnect();
      const { connected } = host;
      if (connected.connected < CLIENTS) throw new Error(`${connected.failed} of ${CLIENTS} clients could not connect: ${connected.firstError ?? 'no error given'}`);
      const serverClients = await waitFor(async () => {
        const gauge = (await vigil!.metrics()).find((s) => s.name === 'vigil_socket_clients')?.value ?? 0;
        return gauge >= CLIENTS + 1 ? gauge : null;
      }, 10_000, `Vigil to count ${CLIENTS + 1} clients`);
      await sleep(1000);

      ctx.log(`fanout: ${CLIENTS} clients connected in ${ms(connected.waveMs)}; collecting ${ALERTS} alerts`);
      const collectFrom = Date.now();
      const endCollect = cpuWindow([vigil.pid, host.pid]);
      await waitFor(() => (observed.filter((a) => a.receivedAt >= collectFrom).length >= ALERTS ? true : null), MAX_COLLECT_MS, `${ALERTS} alerts`, 200);
      await sleep(GRACE_MS);
      const collect = endCollect();
      const counted = observed.filter((a) => a.receivedAt >= collectFrom);
      const measured = counted.slice(0, ALERTS);
      const report = await host.report();

      const byId = new Map(report.alerts.map((a) => [a.alertId, a]));
      const arrivals: AlertArrivals[] = measured.map(({ id, startedAt }) => ({
        alertId: id,
        startedAtMs: Date.parse(startedAt),
        arrivalsMs: byId.get(id)?.arrivalsMs ?? new Array<number | null>(CLIENTS).fill(null),
      }));
      const delays = fanoutDelays(arrivals);
      const fromFirst = tailSummary(delays.fromFirstMs);
      const fromOnset = tailSummary(delays.fromOnsetMs);
      const connectTimes = tailSummary(connected.connectMs);
      const [vigilCollectCpu = 0, hostCollectCpu = 0] = collect.cpuSeconds;
      const baselineCpu = baseline.cpuSeconds[0] ?? 0;
      const baselinePerS = baselineCpu / baseline.seconds;
      // CPU above the one-client baseline rate, per alert broadcast: fan-out encoding and 500 socket writes.
      const extraPerAlertMs = counted.length > 0 ? (1000 * (vigilCollectCpu - baselinePerS * collect.seconds)) / counted.length : Number.NaN;
      const slowest = delays.spreadMs.indexOf(max(delays.spreadMs));
      ctx.log(`fanout: first arrival → client p50 ${ms(fromFirst.p50)}, p99 ${ms(fromFirst.p99)}, max ${ms(fromFirst.max)}; ${delays.missed} missed`);

      const figures: BenchFigure[] = [
        { label: `First arrival → each client, p99 over ${delays.pairs} (client, alert) pairs`, value: ms(fromFirst.p99), goal: `≤ ${GOAL_P99_MS} ms`, pass: fromFirst.p99 <= GOAL_P99_MS },
        { label: 'First arrival → each client, p50 / p95 / max', value: `${ms(fromFirst.p50)} / ${ms(fromFirst.p95)} / ${ms(fromFirst.max)}`, goal: '', pass: null },
        {
          label: `Per alert: first → last of ${CLIENTS} clients, median / max (the slowest is alert ${slowest + 1} of ${delays.spreadMs.length})`,
          value: `${ms(median(delays.spreadMs))} / ${ms(max(delays.spreadMs))}`,
          goal: '',
          pass: null,
        },
        { label: '(client, alert) pairs missed', value: `${delays.missed} of ${delays.pairs}`, goal: '0', pass: delays.missed === 0 },
        { label: 'Clients disconnected during the measurement', value: String(report.disconnects), goal: '0', pass: report.disconnects === 0 },
        { label: "Alert onset (startedAt) → each client, p50 / p95 / p99 / max (context: includes snapshot and database)", value: `${ms(fromOnset.p50)} / ${ms(fromOnset.p95)} / ${ms(fromOnset.p99)} / ${ms(fromOnset.max)}`, goal: '', pass: null },
        { label: `Connect ${CLIENTS} clients at once: until the last is connected`, value: ms(connected.waveMs), goal: '', pass: null },
        { label: 'Connect: per client p50 / p95', value: `${ms(connectTimes.p50)} / ${ms(connectTimes.p95)}`, goal: '', pass: null },
        { label: `Vigil Node CPU: one client (baseline) / ${CLIENTS} clients, alerts firing`, value: `${pctOfCore(baselineCpu, baseline.seconds)} / ${pctOfCore(vigilCollectCpu, collect.seconds)}`, goal: '', pass: null },
        { label: `Vigil Node CPU per alert for ${CLIENTS} clients, above the baseline`, value: `${round(extraPerAlertMs, 1)} ms`, goal: '', pass: null },
        { label: `Vigil Node CPU while ${CLIENTS} clients connect`, value: `${round(connectCpu.cpuSeconds[0] ?? 0, 2)} s over ${round(connectCpu.seconds, 1)} s`, goal: '', pass: null },
        { label: `Client process CPU (${CLIENTS} receivers; not Vigil's)`, value: pctOfCore(hostCollectCpu, collect.seconds), goal: '', pass: null },
        { label: 'Machine busy during the measurement', value: `${round(collect.machineBusyPct, 1)} %`, goal: '', pass: null },
      ];
      return {
        figures,
        method: [
          `Alerts: the alert-latency clip (a box appears in the work area about every 5 s) is looped in real time by an ffmpeg publisher into the RTSP relay of the sim host; Vigil (child process, PGlite) reads it as one camera sampled at ${CAMERA.fps} fps with a motion rule (for 0s, cooldown 0s, clearAfter 1s), so every appearance, and often the box leaving, opens a new alert.`,
          `Clients: ${CLIENTS} socket.io clients (socket.io-client, websocket transport, token in the handshake, one connection each) in a process of their own (bench/lib/fanout-host.ts), started all at once after a ${BASELINE_MS / 1000} s baseline with one client; each stamps every alert:new with performance.timeOrigin + performance.now().`,
          `Vigil's server counted ${serverClients} connected clients (vigil_socket_clients: the ${CLIENTS} plus the benchmark's observer, whose arrivals are not measured).`,
          `Delay: Vigil sends each alert:new as one broadcast, so each (client, alert) pair is measured from the first arrival of that alert at any of the ${CLIENTS} clients; ${measured.length} consecutive alerts after the clients connected, ${GRACE_MS / 1000} s allowed after the last for late arrivals.`,
          "Context: the alert's own startedAt is the rule onset, before the snapshot and the database transaction; onset → client is the end-to-end time at the dashboard, not a fan-out figure.",
          'CPU: utime+stime of the Vigil Node process from /proc, over the baseline (one client), the connect wave, and the measurement; the per-alert figure is the measurement\'s CPU above the baseline rate, divided by the alerts broadcast in it.',
        ],
        notes: [
          `The first arrival is the reference because nothing is added to Vigil to stamp the emit: it misses the write and read of the first client (well under a millisecond on loopback), so the delays are the spread of the fan-out.`,
          `All ${CLIENTS} clients share one Node event loop, which handles their websocket frames one after another: a part of the spread is the client process reading ${CLIENTS} frames, not Vigil writing them, so the figures are an upper bound for Vigil.`,
          `Open files: Vigil ran with a soft limit of ${vigilFiles?.soft ?? 'unknown'}; the client process ${host.openFiles.raisedTo === null ? `inherited ${host.openFiles.soft}` : `was raised from ${host.openFiles.soft} to ${host.openFiles.raisedTo}`} (each side needs one descriptor per client).`,
          'The machine has 2 cores shared by Vigil, its ingest ffmpeg, the relay and publisher, and the client process; delays grow with what else runs.',
        ],
        data: {
          clients: CLIENTS,
          serverClients,
          connectWaveMs: connected.waveMs,
          connectMs: { p50: connectTimes.p50, p95: connectTimes.p95, max: connectTimes.max },
          fromFirstMs: fromFirst,
          fromOnsetMs: fromOnset,
          spreadPerAlertMs: delays.spreadMs.map((v) => round(v, 1)),
          missed: delays.missed,
          disconnects: report.disconnects,
          alerts: arrivals.map((a) => ({ id: a.alertId, startedAt: new Date(a.startedAtMs).toISOString(), received: a.arrivalsMs.filter((t) => t !== null).length })),
          cpu: {
            baseline: { seconds: baseline.seconds, vigilNode: baselineCpu, alerts: baselineAlerts },
            connect: { seconds: connectCpu.seconds, vigilNode: connectCpu.cpuSeconds[0] },
            fanout: { seconds: collect.seconds, vigilNode: vigilCollectCpu, clientHost: hostCollectCpu, alerts: counted.length, machineBusyPct: collect.machineBusyPct },
            extraPerAlertMs,
          },
          openFiles: { vigil: vigilFiles, clientHost: host.openFiles },
        },
      };
    } finally {
      await host?.stop();
      observer?.disconnect();
      await vigil?.stop();
      if (publisher) await stopTracked(publisher);
      await sim?.stop();
    }
  },
};
