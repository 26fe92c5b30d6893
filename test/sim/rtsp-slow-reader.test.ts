import { once } from 'node:events';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { frameInterleaved } from '../../server/src/sim/rtsp-message.js';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { waitUntil } from './child-processes.js';
import { RawRtspClient } from './raw-rtsp-client.js';

const SDP = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:streamid=0\r\n';
const PACKETS = 20_000;
const PACKET_BYTES = 1400;

let relay: RtspRelay;
const clients: RawRtspClient[] = [];

beforeAll(async () => {
  relay = await startRtspRelay({ maxReaderBufferBytes: 256 * 1024 });
});

afterAll(async () => {
  clients.forEach((client) => client.close());
  await relay.close();
});

async function open(): Promise<RawRtspClient> {
  const client = await RawRtspClient.open(relay.port);
  clients.push(client);
  return client;
}

async function play(client: RawRtspClient, url: string): Promise<void> {
  expect((await client.request('DESCRIBE', url)).status).toBe(200);
  const setup = await client.request('SETUP', `${url}/trackID=0`, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1' });
  expect(setup.status).toBe(200);
  const session = setup.headers.get('session')!.split(';')[0]!;
  expect((await client.request('PLAY', url, { Session: session })).status).toBe(200);
}

it('drops packets for a reader that stops reading instead of queueing them without bound', async () => {
  const url = relay.url('burst');
  const publisher = await open();
  expect((await publisher.request('ANNOUNCE', url, { 'Content-Type': 'application/sdp' }, SDP)).status).toBe(200);
  const setup = await publisher.request('SETUP', `${url}/streamid=0`, { Transport: 'RTP/AVP/TCP;interleaved=0-1;mode=record' });
  const session = setup.headers.get('session')!.split(';')[0]!;
  expect((await publisher.request('RECORD', url, { Session: session })).status).toBe(200);

  const slow = await open();
  await play(slow, url);
  slow.socket.pause();
  const healthy = await open();
  await play(healthy, url);

  const packet = Buffer.alloc(PACKET_BYTES, 0xab);
  packet[0] = 0x80; // RTP version 2
  const frame = frameInterleaved(0, packet);
  for (let sent = 0; sent < PACKETS; sent++) {
    if (!publisher.socket.write(frame)) await once(publisher.socket, 'drain');
  }
  await waitUntil(() => relay.stats().packetsIn >= PACKETS, 20_000, 'the relay to take every packet');
  await waitUntil(() => healthy.framesReceived + relay.stats().packetsDropped >= PACKETS, 20_000, 'delivery to settle');

  const stats = relay.stats();
  // The stalled reader can hold no more than the limit plus what the kernel buffers on loopback (a few MB).
  expect(stats.packetsDropped).toBeGreaterThan(PACKETS / 4);
  expect(healthy.framesReceived).toBeGreaterThan(PACKETS / 2);
  expect(stats.readers).toBe(2);
});
