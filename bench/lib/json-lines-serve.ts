import { createInterface } from 'node:readline';

/**
 * The host side of a JsonLinesHost: writes `{"ready":true}`, answers each command line with its result or its
 * error, and ends (after `close`) when stdin closes or on SIGTERM/SIGINT.
 */
export function serveJsonLines<Command extends { id: number }>(handle: (command: Command) => Promise<unknown>, close: () => Promise<unknown>): void {
  const send = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);
  let ending = false;
  const end = () => {
    if (ending) return;
    ending = true;
    void close().finally(() => process.exit(0));
  };
  process.on('SIGTERM', end);
  process.on('SIGINT', end);
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const command = JSON.parse(line) as Command;
    handle(command).then(
      (result) => send({ id: command.id, ok: true, result }),
      (error: unknown) => send({ id: command.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  lines.on('close', end);
  send({ ready: true });
}
