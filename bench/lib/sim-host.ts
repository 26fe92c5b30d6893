/**
 * The simulated cameras' side of a benchmark, run as its own process so that the relay's and publishers' CPU is
 * never counted as Vigil's: an RTSP relay on 127.0.0.1 plus stream-copy publishers, driven over stdin/stdout
 * with one JSON object per line. Ends (stopping every publisher) on SIGTERM or when stdin closes.
 *
 *   → {"id":1,"cmd":"cameras","count":8,"prefix":"cam-"}   ← {"id":1,"ok":true,"result":{"urls":[...]}}
 *   → {"id":2,"cmd":"stats"}                                ← {"id":2,"ok":true,"result":{packetsIn,...}}
 *   → {"id":3,"cmd":"wait","path":"latency"}                ← {"id":3,"ok":true,"result":null}
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { silentLogger } from '../../server/src/observability/logger.js';
import { startRtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { startSimCameras, type SimCameras } from '../../server/src/sim/sim-publishers.js';

interface Request {
  id: number;
  cmd: 'cameras' | 'stats' | 'wait';
  count?: number;
  prefix?: string;
  path?: string;
  timeoutMs?: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, size: { type: 'string' }, fps: { type: 'string' } } });
  const dir = values.dir ?? 'bench-sim';
  const size = values.size ?? '640x360';
  const fps = Number(values.fps ?? '15');
  const logger = silentLogger();
  const relay = await startRtspRelay({ host: '127.0.0.1', logger });
  const groups: SimCameras[] = [];

  let ending: Promise<void> | null = null;
  const end = () => {
    ending ??= (async () => {
      await Promise.allSettled(groups.map((group) => group.stop()));
      await relay.close();
      process.exit(0);
    })();
    return ending;
  };
  process.on('SIGTERM', () => void end());
  process.on('SIGINT', () => void end());

  const reply = (message: object) => process.stdout.write(`${JSON.stringify(message)}\n`);
  const handle = async (request: Request): Promise<unknown> => {
    switch (request.cmd) {
      case 'cameras': {
        const group = await startSimCameras({ count: request.count ?? 1, relay, dir, size, fps, pathPrefix: request.prefix ?? 'cam-', logger, readyTimeoutMs: 60_000 });
        groups.push(group);
        return { urls: group.urls };
      }
      case 'stats':
        return relay.stats();
      case 'wait':
        await relay.waitForMount(request.path ?? '', request.timeoutMs ?? 20_000);
        return null;
    }
  };

  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    const request = JSON.parse(line) as Request;
    handle(request).then(
      (result) => reply({ id: request.id, ok: true, result }),
      (error: unknown) => reply({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  lines.on('close', () => void end());
  reply({ ready: true, port: relay.port, url: relay.url('') });
}

main().catch((error: unknown) => {
  process.stderr.write(`sim host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
