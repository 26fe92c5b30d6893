import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createStore } from '../../server/src/store/create-store.js';
import type { StoreOptions } from '../../server/src/store/create-store.js';

const MAIN = fileURLToPath(new URL('../../server/src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface VigilProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote to stdout and stderr so far (JSON log lines and the start banner). */
  output(): string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();

/** Kills every Vigil these helpers started that is still running (for afterAll). */
export async function killAllVigils(): Promise<void> {
  await Promise.all(
    [...running].map(
      (child) =>
        new Promise<void>((resolve) => {
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

/** Starts Vigil (server/src/main.ts) as its own process; resolves with its URL once it listens. */
export function startVigilProcess(env: Record<string, string>, startTimeoutMs = 60_000): Promise<VigilProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  const kill = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`Vigil did not listen within ${startTimeoutMs} ms:\n${out.slice(-3000)}`));
    }, startTimeoutMs);
    const onData = () => {
      const port = /Vigil is running at http:\/\/[^:]+:(\d+)/.exec(out)?.[1];
      if (!port) return;
      clearTimeout(timer);
      child.stdout!.off('data', onData);
      resolve({ child, url: `http://127.0.0.1:${port}`, output: () => out, exited, kill });
    };
    child.stdout!.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`Vigil exited (${code ?? signal}) before listening:\n${out.slice(-3000)}`));
    });
  });
}

export interface AlertAudit {
  alerts: number;
  whole: number;
  /** Alerts whose clip row had joined. */
  withClip: number;
  /** Problems found: an alert with a row but missing pieces, or files that do not match their rows. */
  broken: string[];
  /** alert id → ids of its alert.opened outbox rows. */
  openedDeliveries: Map<string, string[]>;
  /** Outbox rows not delivered yet. */
  undelivered: number;
}

/** Opens the store (Vigil must not be running on it) and checks every alert is whole: event, snapshot row, files and hashes. */
export async function auditAlerts(options: StoreOptions & { dataDir: string }): Promise<AlertAudit> {
  const store = await createStore(options);
  try {
    const items = [];
    for (let cursor: string | undefined, more = true; more; ) {
      const page = await store.alerts.list({}, { limit: 500, ...(cursor ? { cursor } : {}) });
      items.push(...page.items);
      cursor = page.nextCursor ?? undefined;
      more = page.nextCursor !== null;
    }
    const audit: AlertAudit = { alerts: items.length, whole: 0, withClip: 0, broken: [], openedDeliveries: new Map(), undelivered: 0 };
    for (const item of items) {
      const full = await store.alerts.get(item.id);
      const problems: string[] = [];
      if (!full) problems.push('alert row vanished');
      else {
        if (!full.events.some((event) => event.action === 'opened')) problems.push('no opened event');
        const snapshot = full.evidence.filter((e) => e.kind === 'snapshot');
        if (snapshot.length !== 1) problems.push(`${snapshot.length} snapshot rows`);
        for (const evidence of full.evidence) {
          const bytes = await readFile(join(options.dataDir, evidence.path)).catch(() => null);
          if (!bytes) problems.push(`${evidence.kind} file missing: ${evidence.path}`);
          else if (createHash('sha256').update(bytes).digest('hex') !== evidence.sha256) problems.push(`${evidence.kind} SHA-256 differs: ${evidence.path}`);
          else if (bytes.length !== evidence.bytes) problems.push(`${evidence.kind} size differs: ${evidence.path}`);
        }
        if (full.evidence.some((e) => e.kind === 'clip')) audit.withClip += 1;
      }
      const outbox = await store.outbox.forAlert(item.id);
      audit.openedDeliveries.set(item.id, outbox.filter((row) => row.event === 'alert.opened').map((row) => row.id));
      audit.undelivered += outbox.filter((row) => row.status !== 'delivered').length;
      if (problems.length === 0) audit.whole += 1;
      else audit.broken.push(`${item.id}: ${problems.join('; ')}`);
    }
    return audit;
  } finally {
    await store.close();
  }
}
