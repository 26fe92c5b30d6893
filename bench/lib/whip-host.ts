/**
 * WHIP publishers in a process of their own, so that their CPU (werift's encryption and sending, the clip's
 * ffmpeg) is never counted as Vigil's. Each publisher stream-copies the same pre-encoded clip the simulated RTSP
 * cameras loop (whip-clip-publisher.ts). JSON lines (whip-host-protocol.ts):
 *
 *   → {"id":1,"cmd":"publish","url":"http://127.0.0.1:8080","token":"…","cameraIds":["w-1"]}  ← {"id":1,"ok":true,"result":[counts]}
 *   → {"id":2,"cmd":"counts"}                                                                 ← {"id":2,"ok":true,"result":[counts]}
 *   → {"id":3,"cmd":"stop"}                                                                   ← {"id":3,"ok":true,"result":{deleteStatus,counts}}
 *
 * Ends every publisher and exits when stdin closes or on SIGTERM.
 */
import { parseArgs } from 'node:util';
import { publishClipOverWhip, type WhipClipPublisher } from './whip-clip-publisher.js';
import type { PublisherCounts, StopResult, WhipHostCommand } from './whip-host-protocol.js';
import { serveJsonLines } from './json-lines-serve.js';


async function main(): Promise<void> {
  const { values } = parseArgs({ options: { clip: { type: 'string' } } });
  if (!values.clip) throw new Error('--clip is required');
  const clip = values.clip;
  const publishers: WhipClipPublisher[] = [];
  const counts = (): PublisherCounts[] => publishers.map((p) => ({ cameraId: p.cameraId, ...p.counts() }));

  const publish = async (url: string, token: string, cameraIds: readonly string[]) => {
    const settled = await Promise.allSettled(
      cameraIds.map((cameraId) => publishClipOverWhip({ endpoint: `${url}/api/whip/${encodeURIComponent(cameraId)}`, cameraId, token, clip })),
    );
    for (const outcome of settled) if (outcome.status === 'fulfilled') publishers.push(outcome.value);
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
    if (failed) throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
    return counts();
  };
  const stopAll = async (): Promise<StopResult> => {
    const last = counts();
    const deleteStatus = await Promise.all(publishers.splice(0).map((p) => p.stop()));
    return { deleteStatus, counts: last };
  };
  const handle = async (command: WhipHostCommand) => {
    switch (command.cmd) {
      case 'publish':
        return publish(command.url, command.token, command.cameraIds);
      case 'counts':
        return counts();
      case 'stop':
        return stopAll();
    }
  };

  serveJsonLines<WhipHostCommand>(handle, stopAll);
}

main().catch((error: unknown) => {
  process.stderr.write(`WHIP host failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
