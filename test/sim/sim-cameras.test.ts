import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSimClip } from '../../server/src/sim/sim-clip.js';
import { startSimCameras } from '../../server/src/sim/sim-publishers.js';
import { ProcessGroup, testReaderArgs, withTimeout } from './child-processes.js';

const run = promisify(execFile);
const procs = new ProcessGroup();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-sim-'));
});

afterAll(async () => {
  await procs.killAll();
  await rm(dir, { recursive: true, force: true });
});

async function probeJson(args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-of', 'json', ...args]);
  return JSON.parse(stdout) as Record<string, unknown>;
}

function refusesConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('ensureSimClip', () => {
  it('encodes a baseline H.264 clip with a keyframe every second, once', async () => {
    const options = { dir, width: 160, height: 90, fps: 10, seconds: 3 };
    const path = await ensureSimClip(options);
    const info = await probeJson(['-show_streams', '-show_format', path]);
    const [video] = info.streams as Array<Record<string, unknown>>;
    expect(video).toMatchObject({ codec_name: 'h264', profile: 'Constrained Baseline', width: 160, height: 90, r_frame_rate: '10/1' });
    expect(Number((info.format as Record<string, unknown>).duration)).toBeCloseTo(3, 0);

    const keyframes = await probeJson(['-select_streams', 'v', '-skip_frame', 'nokey', '-show_entries', 'frame=pts_time', path]);
    const times = (keyframes.frames as Array<{ pts_time: string }>).map((frame) => Math.round(Number(frame.pts_time)));
    expect(times).toEqual([0, 1, 2]);

    const builtAt = (await stat(path)).mtimeMs;
    expect(await ensureSimClip(options)).toBe(path);
    expect((await stat(path)).mtimeMs).toBe(builtAt);
  });
});

describe('startSimCameras', () => {
  it('publishes three cameras that readers can decode, and stops them all', async () => {
    const cameras = await startSimCameras({ count: 3, dir, size: '320x180', fps: 15 });
    let stopped = false;
    try {
      expect(cameras.urls).toEqual([1, 2, 3].map((n) => cameras.relay.url(`sim-${n}`)));
      expect(cameras.relay.mounts()).toEqual(['sim-1', 'sim-2', 'sim-3']);
      const readers = cameras.urls.map((url) => procs.ffmpeg(testReaderArgs(url, 'tcp', 15)));
      const results = await withTimeout(Promise.all(readers.map((reader) => reader.exited)), 25_000, 'readers');
      expect(results.map((result) => result.code)).toEqual([0, 0, 0]);

      await cameras.stop();
      stopped = true;
      expect(await refusesConnections(cameras.relay.port)).toBe(true);
      const { stdout } = await run('ps', ['-eo', 'args']).catch(() => ({ stdout: '' }));
      expect(stdout.split('\n').filter((line) => line.includes(dir) && line.includes('stream_loop'))).toEqual([]);
    } finally {
      if (!stopped) await cameras.stop();
    }
  });
});
