import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AlertDeliveriesDto } from '../../server/src/contracts/index.js';
import { createStore } from '../../server/src/store/create-store.js';
import { makeAlert } from '../store/fixtures.js';
import { TestReceiver } from './http-test-channel.js';

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TOKEN = 'kill-test-token-0123456789abcdef';
const ROWS = 12;

const children = new Set<ChildProcess>();
let dir = '';
let receiver: TestReceiver | null = null;
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await receiver?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Starts Vigil as its own process; resolves with its URL once it listens. */
function startVigilProcess(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.on('close', () => children.delete(child));
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const port = /Vigil is running at http:\/\/localhost:(\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.on('close', (code) => reject(new Error(`Vigil exited (${code}) before listening: ${stderr}`)));
  });
}

describe('Vigil killed with SIGKILL in the middle of webhook deliveries', () => {
  it('delivers every row after a restart, and the API shows each delivered', async () => {
    dir = await mkdtemp(join(tmpdir(), 'vigil-kill9-'));
    const dataDir = join(dir, 'data');
    await mkdir(join(dir, 'rules'));
    receiver = await new TestReceiver(() => 204, 400).start();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    await writeFile(
      join(dir, 'vigil.yaml'),
      `site: { name: Kill test }\nchannels:\n  webhook: [{ id: ops, url: "${receiver.url}", secret: "\${OPS_SECRET}", allowPrivate: true }]\n`,
    );
    const seed = await createStore({ dataDir });
    const alertIds: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const alert = makeAlert({ notify: ['webhook:ops'], startedAt: Date.now() + i, status: 'resolved', endedAt: Date.now() + i });
      alertIds.push(alert.id);
      await seed.alerts.open({ alert, evidence: [], outbox: [{ channel: 'webhook:ops', event: 'alert.opened', payload: { type: 'alert.opened', n: i } }], actor: 'rules' });
    }
    await seed.close();

    const env = { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, VIGIL_CONFIG: join(dir, 'vigil.yaml'), VIGIL_API_TOKEN: TOKEN, OPS_SECRET: secret, LOG_LEVEL: 'silent' };
    const first = await startVigilProcess(env);
    await vi.waitFor(() => expect(receiver!.received.length).toBeGreaterThanOrEqual(2), { timeout: 30_000, interval: 10 });
    const killed = new Promise((resolve) => first.child.once('close', (_code, signal) => resolve(signal)));
    first.child.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');
    expect(receiver.received.length).toBeLessThan(ROWS);

    const second = await startVigilProcess(env);
    const deliveriesOf = async (alertId: string) => {
      const res = await fetch(`${second.url}/api/alerts/${alertId}/deliveries`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      return AlertDeliveriesDto.parse(await res.json());
    };
    await vi.waitFor(
      async () => {
        for (const id of alertIds) expect((await deliveriesOf(id)).items[0]!.status).toBe('delivered');
      },
      { timeout: 60_000, interval: 200 },
    );
    const deliveryIds = new Set<string>();
    for (const id of alertIds) {
      const [item] = (await deliveriesOf(id)).items;
      deliveryIds.add(item!.id);
      expect(item!.attemptLog.filter((a) => a.ok)).toHaveLength(1);
    }
    expect(receiver.idsSeen()).toEqual(deliveryIds);
    // The requests on the wire at the kill were never answered, so they went out again: at least once, never lost.
    expect(receiver.received.length).toBeGreaterThan(ROWS);
    const stopped = new Promise((resolve) => second.child.once('close', resolve));
    second.child.kill('SIGTERM');
    await stopped;
  }, 120_000);
});
