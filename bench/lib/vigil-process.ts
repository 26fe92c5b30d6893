import { readFileSync } from 'node:fs';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { CameraDto, CameraListDto } from '../../server/src/contracts/index.js';
import { FFMPEG, REPO_ROOT } from './paths.js';
import { processTree, snapshotProcesses, type ProcSnapshot } from './proc-cpu.js';
import { spawnTracked, stopTracked, waitFor, type Tracked } from './processes.js';
import { parsePrometheus, type PromSample } from './prometheus-text.js';

export interface BenchZone {
  id: string;
  name: string;
  polygon: Array<[number, number]>;
}

export interface BenchCamera {
  id: string;
  url: string;
  fps: number;
  zones?: BenchZone[];
}

export interface VigilProcessOptions {
  cameras: BenchCamera[];
  /** A rule pack (YAML text) written to the rules folder. */
  rulesYaml: string;
  /** Merged into vigil.yaml (e.g. evidence settings). */
  extraConfig?: Record<string, unknown>;
}

/** An ingest ffmpeg writes the segment list; a clip cut does not. A process gone meanwhile is not counted. */
function isIngest(pid: number): boolean {
  try {
    // The segment list is an option of its own, or (with the live-video tee) part of the combined output.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => arg === '-segment_list' || arg.includes('segment_list='));
  } catch {
    return false;
  }
}

/** Vigil as a child process (`node --import tsx server/src/main.ts`) with its own config, data folder and port. */
export interface VigilProcess {
  readonly pid: number;
  readonly url: string;
  readonly token: string;
  readonly dir: string;
  /** Vigil's camera ingest ffmpegs right now (its ffmpeg children that write a segment list; not clip cuts). */
  ffmpegPids(snapshot?: ProcSnapshot): number[];
  metrics(): Promise<PromSample[]>;
  health(): Promise<{ cameras: { online: number; total: number } } | null>;
  /** GET /api/cameras: every camera with its status. */
  cameras(): Promise<CameraDto[]>;
  /** Waits until `count` cameras report online (or degraded). */
  waitOnline(count: number, timeoutMs: number): Promise<void>;
  addCamera(camera: BenchCamera): Promise<void>;
  /** Turns a camera added through the API off (its ingest stops) or on again. */
  setCameraEnabled(id: string, enabled: boolean): Promise<void>;
  stop(): Promise<void>;
}

export const BENCH_TOKEN = 'bench-token-0123456789abcdef';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const cameraYaml = (camera: BenchCamera) => ({
  id: camera.id,
  name: `Bench ${camera.id}`,
  url: camera.url,
  sample: { fps: camera.fps, maxSide: 640 },
  zones: camera.zones ?? [],
});

export async function startVigilProcess(options: VigilProcessOptions): Promise<VigilProcess> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-'));
  await mkdir(join(dir, 'rules'));
  await writeFile(join(dir, 'rules', 'bench.yaml'), options.rulesYaml);
  const config = { site: { name: 'Benchmark', timezone: 'UTC' }, cameras: options.cameras.map(cameraYaml), rules: 'rules/', model: { backend: 'none' }, ...options.extraConfig };
  await writeFile(join(dir, 'vigil.yaml'), stringify(config));
  const port = await freePort();
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TMPDIR: process.env.TMPDIR,
    VIGIL_CONFIG: join(dir, 'vigil.yaml'),
    DATA_DIR: join(dir, 'data'),
    PORT: String(port),
    HOST: '127.0.0.1',
    VIGIL_API_TOKEN: BENCH_TOKEN,
    FFMPEG_PATH: FFMPEG,
    LOG_LEVEL: 'warn',
  };
  let tracked: Tracked;
  try {
    tracked = spawnTracked(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'server', 'src', 'main.ts')], { cwd: REPO_ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const url = `http://127.0.0.1:${port}`;
  const auth = { authorization: `Bearer ${BENCH_TOKEN}` };

  const health = async () => {
    try {
      const res = await fetch(`${url}/healthz`);
      return res.ok ? ((await res.json()) as { cameras: { online: number; total: number } }) : null;
    } catch {
      return null;
    }
  };
  const stop = async () => {
    await stopTracked(tracked, 15_000);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitFor(async () => {
      if (tracked.child.exitCode !== null) throw new Error(`Vigil exited at start: ${tracked.stderrTail().trim()}`);
      return health();
    }, 60_000, 'Vigil to answer /healthz');
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    pid: tracked.pid,
    url,
    token: BENCH_TOKEN,
    dir,
    ffmpegPids: (snapshot = snapshotProcesses()) =>
      processTree(snapshot, tracked.pid).filter(
        (pid) => snapshot.get(pid)?.ppid === tracked.pid && snapshot.get(pid)?.comm === 'ffmpeg' && isIngest(pid),
      ),
    metrics: async () => parsePrometheus(await (await fetch(`${url}/metrics`)).text()),
    health,
    cameras: async () => {
      const res = await fetch(`${url}/api/cameras`, { headers: auth });
      if (!res.ok) throw new Error(`listing cameras failed: ${res.status} ${await res.text()}`);
      return ((await res.json()) as CameraListDto).items;
    },
    waitOnline: async (count, timeoutMs) => {
      await waitFor(async () => {
        const h = await health();
        return h && h.cameras.online >= count ? true : null;
      }, timeoutMs, `${count} cameras online`);
    },
    addCamera: async (camera) => {
      const res = await fetch(`${url}/api/cameras`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(cameraYaml(camera)),
      });
      if (res.status !== 201) throw new Error(`adding camera ${camera.id} failed: ${res.status} ${await res.text()}`);
    },
    setCameraEnabled: async (id, enabled) => {
      const res = await fetch(`${url}/api/cameras/${encodeURIComponent(id)}`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled }),
      });
      if (!res.ok) throw new Error(`turning camera ${id} ${enabled ? 'on' : 'off'} failed: ${res.status} ${await res.text()}`);
    },
    stop,
  };
}
