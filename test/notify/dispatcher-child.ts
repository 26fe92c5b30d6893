/**
 * A process that runs the outbox dispatcher on a PGlite DATA_DIR and delivers to RECEIVER_URL, for the kill -9
 * test. With DRAIN=1 it exits once nothing is left to deliver, printing the requeue count and the final counts.
 */
import { OutboxDispatcher } from '../../server/src/notify/dispatcher.js';
import { silentLogger } from '../../server/src/observability/logger.js';
import { createStore } from '../../server/src/store/create-store.js';
import { HttpTestChannel } from './http-test-channel.js';

const dataDir = process.env.DATA_DIR!;
const receiverUrl = process.env.RECEIVER_URL!;
const store = await createStore({ dataDir });
const interrupted = (await store.outbox.countByStatus()).sending;
const dispatcher = new OutboxDispatcher({
  outbox: store.outbox,
  channels: [new HttpTestChannel('webhook:ops', () => receiverUrl)],
  logger: silentLogger(),
  schedule: [0, 50, 50, 50, 50, 50, 50, 50],
  pollMs: 20,
  batchSize: 4,
});
await dispatcher.start();
process.stdout.write(`started ${JSON.stringify({ interrupted })}\n`);

if (process.env.DRAIN === '1') {
  for (;;) {
    const counts = await store.outbox.countByStatus();
    if (counts.pending + counts.sending === 0) {
      await dispatcher.stop();
      process.stdout.write(`drained ${JSON.stringify(counts)}\n`);
      await store.close();
      process.exit(0);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
