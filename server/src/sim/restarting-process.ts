import { spawn, type ChildProcess } from 'node:child_process';
import { redactText } from '../domain/index.js';
import type { Logger } from '../observability/logger.js';

export interface RestartingProcessOptions {
  command: string;
  args: readonly string[];
  /** Names the process in logs. */
  label: string;
  logger: Logger;
  /** First restart delay; doubles on each quick failure up to maxRestartDelayMs. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. */
  killAfterMs?: number;
}

/** A run at least this long counts as healthy, so the next failure restarts at the first delay again. */
const HEALTHY_RUN_MS = 10_000;

/** A child process that is started again whenever it exits, until stop(). */
export class RestartingProcess {
  private child: ChildProcess | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private delayMs: number;
  private starts = 0;

  constructor(private readonly options: RestartingProcessOptions) {
    this.delayMs = options.restartDelayMs ?? 500;
  }

  get startCount(): number {
    return this.starts;
  }

  /** The running child's process id, if one is running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    if (this.stopping || this.child) return;
    const { command, args, label, logger } = this.options;
    const startedAt = Date.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    this.starts++;
    let lastError = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      lastError = (lastError + chunk.toString('utf8')).slice(-500);
    });
    child.on('error', (error) => {
      lastError = error.message;
    });
    child.on('close', (code, signal) => {
      if (this.child === child) this.child = undefined;
      if (this.stopping) return;
      const ranMs = Date.now() - startedAt;
      if (ranMs >= HEALTHY_RUN_MS) this.delayMs = this.options.restartDelayMs ?? 500;
      const detail = redactText(lastError.trim().split('\n').pop() ?? '');
      logger.warn({ process: label, code, signal, ranMs, restartInMs: this.delayMs, detail }, 'process exited; restarting');
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        this.start();
      }, this.delayMs);
      this.delayMs = Math.min(this.delayMs * 2, this.options.maxRestartDelayMs ?? 5000);
    });
  }

  /** Stops restarting and ends the child: SIGTERM first (ffmpeg then closes its streams), SIGKILL if it lingers. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const killer = setTimeout(() => child.kill('SIGKILL'), this.options.killAfterMs ?? 3000);
      child.once('close', () => {
        clearTimeout(killer);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
