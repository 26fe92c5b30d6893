import { spawn, type ChildProcess } from 'node:child_process';

export interface RunningProcess {
  readonly child: ChildProcess;
  /** Resolves when the process has exited, with its exit code and the tail of stderr. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts processes for a test file and guarantees they are all gone at the end. */
export class ProcessGroup {
  private readonly running = new Set<ChildProcess>();

  start(command: string, args: readonly string[]): RunningProcess {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.running.add(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-4000);
    });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
      child.on('close', (code, signal) => {
        this.running.delete(child);
        resolve({ code, signal, stderr });
      });
    });
    return { child, exited };
  }

  ffmpeg(args: readonly string[]): RunningProcess {
    return this.start('ffmpeg', ['-hide_banner', '-nostdin', '-loglevel', 'error', ...args]);
  }

  async killAll(): Promise<void> {
    const waits = [...this.running].map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('close', () => resolve());
          child.kill('SIGKILL');
        }),
    );
    await Promise.all(waits);
  }
}

/** An ffmpeg publisher of a synthetic H.264 stream, as cameras in tests look. */
export function testPublisherArgs(url: string, transport: 'tcp' | 'udp'): string[] {
  return [
    '-re', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=15',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p', '-g', '15',
    '-f', 'rtsp', '-rtsp_transport', transport, url,
  ];
}

/** An ffmpeg reader that decodes `frames` video frames (all of them when undefined) and discards them. */
export function testReaderArgs(url: string, transport: 'tcp' | 'udp', frames?: number): string[] {
  const limit = frames === undefined ? [] : ['-frames:v', String(frames)];
  return ['-rtsp_transport', transport, '-i', url, '-map', '0:v:0', ...limit, '-f', 'null', '-'];
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
