import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** Runs `npm start`'s entry point as a separate process, as an installer would. */
function runVigil(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(TSX, ['server/src/main.ts'], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`vigil did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

describe('start-up with bad input', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('refuses a bad vigil.yaml, naming file, line and column of every problem', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-start-'));
    const config = join(dir, 'vigil.yaml');
    await writeFile(
      config,
      `site: { name: Plant }
cameras:
  - id: dock-1
    name: Dock
    url: rtsp://viewer:hunter2@10.0.0.5/stream
    sample: { fps: 99 }
    colour: red
`,
    );
    const result = await runVigil({ VIGIL_CONFIG: config, DATA_DIR: join(dir, 'data'), PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${config}:6:20: cameras.0.sample.fps:`);
    expect(result.stderr).toContain(`${config}:7:5: unknown key "cameras.0.colour"`);
    expect(result.stderr).not.toContain('hunter2');
  });

  it('says which environment variable a camera URL is missing', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-start-'));
    const config = join(dir, 'vigil.yaml');
    await writeFile(config, 'site: { name: Plant }\ncameras:\n  - { id: a, name: A, url: "rtsp://v:${CAM_A_PASSWORD}@cam/1" }\n');
    const result = await runVigil({ VIGIL_CONFIG: config, DATA_DIR: join(dir, 'data'), PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${config}:3:`);
    expect(result.stderr).toContain('environment variable CAM_A_PASSWORD is not set');
  });

  it('refuses a bad environment', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-start-'));
    const result = await runVigil({ PORT: 'eighty', DATA_DIR: join(dir, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/invalid environment:\nPORT: /);
  });

  it('refuses a missing config file with a hint', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-start-'));
    const result = await runVigil({ VIGIL_CONFIG: join(dir, 'nope.yaml'), DATA_DIR: join(dir, 'data') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot read the site config');
    expect(result.stderr).toContain('VIGIL_CONFIG');
  });
});
