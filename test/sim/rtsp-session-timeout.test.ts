import { afterAll, beforeAll, expect, it } from 'vitest';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { ProcessGroup, testPublisherArgs, testReaderArgs, withTimeout } from './child-processes.js';

const procs = new ProcessGroup();
let relay: RtspRelay;

beforeAll(async () => {
  // ffmpeg sends its keepalive every timeout/2, so 2 s keeps this test short while still exercising it.
  relay = await startRtspRelay({ sessionTimeoutSec: 2 });
});

afterAll(async () => {
  await procs.killAll();
  await relay.close();
});

it('keeps UDP sessions that show signs of life open well past the session timeout', async () => {
  const publisher = procs.ffmpeg(testPublisherArgs(relay.url('quiet'), 'udp'));
  await relay.waitForMount('quiet', 20_000);
  // 90 frames at 15 fps: about 6 s, three timeout periods, with only RTP/RTCP and keepalives on the wire.
  const reader = procs.ffmpeg(testReaderArgs(relay.url('quiet'), 'udp', 90));
  expect(await withTimeout(reader.exited, 25_000, 'reader')).toMatchObject({ code: 0 });
  expect(relay.mounts()).toEqual(['quiet']);
  expect(publisher.child.exitCode).toBeNull();
});
