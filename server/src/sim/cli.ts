/**
 * `npm run sim -- --cameras N`: an RTSP relay plus N simulated cameras publishing into it, until Ctrl-C.
 */
import { VigilError } from '../domain/index.js';
import { createLogger } from '../observability/logger.js';
import { camerasYaml, parseSimCliArgs, SIM_USAGE } from './cli-args.js';
import { startRtspRelay } from './rtsp-relay.js';
import { startSimCameras } from './sim-publishers.js';

async function main(): Promise<void> {
  let args;
  try {
    args = parseSimCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${SIM_USAGE}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(`${SIM_USAGE}\n`);
    return;
  }

  const logger = createLogger({ name: 'vigil-sim', level: process.env.LOG_LEVEL ?? 'warn' });
  const relay = await startRtspRelay({ port: args.port, host: args.host, logger });
  let cameras: Awaited<ReturnType<typeof startSimCameras>> | undefined;
  let shuttingDown = false;
  const shutdown = async (signal: string) => {
    if (shuttingDown) {
      process.stderr.write('forced exit\n');
      process.exit(1);
    }
    shuttingDown = true;
    logger.info({ signal }, 'stopping simulated cameras');
    await cameras?.stop();
    await relay.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  process.stderr.write(`preparing clip ${args.size.width}x${args.size.height}@${args.fps} in ${args.dir} ...\n`);
  cameras = await startSimCameras({ count: args.cameras, relay, dir: args.dir, size: args.size, fps: args.fps, logger });
  if (shuttingDown) return;
  process.stdout.write(`\n${args.cameras} simulated camera(s) live:\n`);
  for (const url of cameras.urls) process.stdout.write(`  ${url}\n`);
  process.stdout.write(`\nPaste into vigil.yaml:\n\n${camerasYaml(cameras.urls)}\nCtrl-C to stop.\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof VigilError || error instanceof Error ? error.message : String(error);
  process.stderr.write(`sim failed: ${message}\n`);
  process.exit(1);
});
