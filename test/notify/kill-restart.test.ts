import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createStore } from '../../server/src/store/create-store.js';
import type { OutboxItem } from '../../server/src/store/ports.js';
import { makeAlert } from '../store/fixtures.js';
import { TestReceiver } from './http-test-channel.js';

const CHILD = fileURLToPath(new URL('./dispatcher-child.ts', import.meta.url));
const ROWS = 24;

interface Child {
  process: ChildProcess;
  stdout: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

const children = new Set<ChildProcess>();

function startChild(env: Record<string, string>): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve({ code, signal, stderr });
    }),
  );
  return { process: child, stdout: () => stdout, exited };
}

const jsonAfter = (text: string, word: string): Record<string, number> => {
  const line = text.split('\n').find((l) => l.startsWith(`${word} `));
  if (!line) throw new Error(`no "${word}" line in ${JSON.stringify(text)}`);
  return JSON.parse(line.slice(word.length + 1)) as Record<string, number>;
};

let dataDir = '';
let receiver: TestReceiver | null = null;
afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await receiver?.close();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('kill -9 in the middle of deliveries', () => {
  it('loses nothing: after a restart every delivery completes, and each is recorded delivered once', async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'vigil-kill-'));
    const seed = await createStore({ dataDir });
    const alertIds: string[] = [];
    for (let i = 0; i < ROWS; i++) {
      const alert = makeAlert({ notify: ['webhook:ops'], startedAt: Date.now() + i });
      alertIds.push(alert.id);
      await seed.alerts.open({ alert, evidence: [], outbox: [{ channel: 'webhook:ops', event: 'alert.opened', payload: { n: i } }], actor: 'rules' });
    }
    await seed.close();

    // Every request is held, so the kill lands while deliveries are on the wire; first tries of ids ending in 0 fail.
    receiver = await new TestReceiver((id, seen) => (seen === 0 && id.endsWith('0') ? 503 : 200), 400).start();
    const first = startChild({ DATA_DIR: dataDir, RECEIVER_URL: receiver.url });
    await vi.waitFor(() => expect(receiver!.received.length).toBeGreaterThanOrEqual(6), { timeout: 30_000, interval: 20 });
    first.process.kill('SIGKILL');
    const killed = await first.exited;
    expect(killed.signal).toBe('SIGKILL');
    const seenBeforeKill = receiver.received.length;
    expect(seenBeforeKill).toBeLessThan(ROWS);

    const second = startChild({ DATA_DIR: dataDir, RECEIVER_URL: receiver.url, DRAIN: '1' });
    const done = await second.exited;
    expect(done.code, done.stderr).toBe(0);
    expect(jsonAfter(second.stdout(), 'started').interrupted).toBeGreaterThan(0);
    expect(jsonAfter(second.stdout(), 'drained')).toEqual({ pending: 0, sending: 0, delivered: ROWS, dead: 0 });

    const store = await createStore({ dataDir });
    try {
      const rows: OutboxItem[] = [];
      for (const id of alertIds) rows.push(...(await store.outbox.forAlert(id)));
      expect(rows).toHaveLength(ROWS);
      expect(rows.every((row) => row.status === 'delivered' && row.deliveredAt !== null)).toBe(true);
      // The receiver saw every delivery id at least once; repeats are the ones the kill cut off.
      expect(receiver.idsSeen()).toEqual(new Set(rows.map((row) => row.id)));
      for (const id of alertIds) {
        const okTries = (await store.outbox.attemptsForAlert(id)).filter((a) => a.ok);
        expect(okTries).toHaveLength(1);
      }
    } finally {
      await store.close();
    }
  }, 90_000);
});
