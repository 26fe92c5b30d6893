import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRtspRelay, type RtspRelay } from '../../server/src/sim/rtsp-relay.js';
import { ProcessGroup, testPublisherArgs, testReaderArgs, waitUntil, withTimeout } from './child-processes.js';
import { RawRtspClient } from './raw-rtsp-client.js';

const procs = new ProcessGroup();
let relay: RtspRelay;

beforeAll(async () => {
  relay = await startRtspRelay();
  procs.ffmpeg(testPublisherArgs(relay.url('cam-a'), 'tcp'));
  await relay.waitForMount('cam-a', 20_000);
});

afterAll(async () => {
  await procs.killAll();
  await relay?.close();
});

function ffprobeStreams(url: string): Promise<Array<Record<string, unknown>>> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffprobe', ['-v', 'error', '-rtsp_transport', 'tcp', '-show_streams', '-of', 'json', url]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(JSON.parse(out).streams) : reject(new Error(`ffprobe exited ${code}`)),
    );
  });
}

describe('RTSP relay with ffmpeg peers', () => {
  it('serves a TCP reader and a UDP reader at the same time, and both decode frames', async () => {
    const tcp = procs.ffmpeg(testReaderArgs(relay.url('cam-a'), 'tcp', 30));
    const udp = procs.ffmpeg(testReaderArgs(relay.url('cam-a'), 'udp', 30));
    const [tcpResult, udpResult] = await withTimeout(Promise.all([tcp.exited, udp.exited]), 25_000, 'readers');
    expect(tcpResult).toMatchObject({ code: 0 });
    expect(udpResult).toMatchObject({ code: 0 });
    expect(relay.stats().packetsOut).toBeGreaterThan(0);
  });

  it('describes the stream so ffprobe finds the H.264 track', async () => {
    const streams = await withTimeout(ffprobeStreams(relay.url('cam-a')), 20_000, 'ffprobe');
    expect(streams).toHaveLength(1);
    expect(streams[0]).toMatchObject({ codec_type: 'video', codec_name: 'h264', width: 320, height: 240 });
  });

  it('relays a publisher that pushes over UDP', async () => {
    procs.ffmpeg(testPublisherArgs(relay.url('cam-udp'), 'udp'));
    await relay.waitForMount('cam-udp', 20_000);
    expect(relay.mounts()).toEqual(['cam-a', 'cam-udp']);
    const reader = procs.ffmpeg(testReaderArgs(relay.url('cam-udp'), 'tcp', 20));
    expect(await withTimeout(reader.exited, 20_000, 'reader')).toMatchObject({ code: 0 });
  });
});

describe('RTSP relay when a publisher goes away', () => {
  it('disconnects its TCP and UDP readers so they notice', async () => {
    const own = await startRtspRelay();
    try {
      const publisher = procs.ffmpeg(testPublisherArgs(own.url('gone'), 'tcp'));
      await own.waitForMount('gone', 20_000);
      const tcp = procs.ffmpeg(testReaderArgs(own.url('gone'), 'tcp'));
      const udp = procs.ffmpeg(testReaderArgs(own.url('gone'), 'udp'));
      await waitUntil(() => own.stats().readers === 2, 20_000, 'two readers playing');
      publisher.child.kill('SIGTERM');
      await withTimeout(Promise.all([tcp.exited, udp.exited]), 15_000, 'readers to exit');
      expect(own.mounts()).toEqual([]);
    } finally {
      await own.close();
    }
  });
});

describe('RTSP relay shutdown', () => {
  it('ends its publishers and readers when closed while streams are flowing', async () => {
    const own = await startRtspRelay();
    const publisher = procs.ffmpeg(testPublisherArgs(own.url('live'), 'tcp'));
    await own.waitForMount('live', 20_000);
    const tcp = procs.ffmpeg(testReaderArgs(own.url('live'), 'tcp'));
    const udp = procs.ffmpeg(testReaderArgs(own.url('live'), 'udp'));
    await waitUntil(() => own.stats().readers === 2, 20_000, 'two readers playing');
    await withTimeout(own.close(), 10_000, 'relay close');
    await withTimeout(Promise.all([publisher.exited, tcp.exited, udp.exited]), 15_000, 'peers to exit');
  });
});

describe('RTSP relay protocol handling', () => {
  it('answers DESCRIBE of an unknown path with 404 and echoes CSeq', async () => {
    const client = await RawRtspClient.open(relay.port);
    try {
      const reply = await client.request('DESCRIBE', relay.url('no-such-camera'), { Accept: 'application/sdp' });
      expect(reply.status).toBe(404);
      expect(reply.headers.get('cseq')).toBe('1');
    } finally {
      client.close();
    }
  });

  it('describes a live mount with per-track control URLs under its Content-Base', async () => {
    const client = await RawRtspClient.open(relay.port);
    try {
      const reply = await client.request('DESCRIBE', relay.url('cam-a'));
      expect(reply.status).toBe(200);
      expect(reply.headers.get('content-type')).toBe('application/sdp');
      expect(reply.headers.get('content-base')).toBe(`${relay.url('cam-a')}/`);
      expect(reply.body).toMatch(/m=video 0 RTP\/AVP 96\r\na=control:trackID=0\r\n/);
      expect(reply.body).toContain('a=rtpmap:96 H264/90000');
    } finally {
      client.close();
    }
  });

  it('parses a request that arrives split across TCP chunks', async () => {
    const client = await RawRtspClient.open(relay.port);
    try {
      const text = Buffer.from(`OPTIONS ${relay.url('cam-a')} RTSP/1.0\r\nCSeq: 41\r\nUser-Agent: test\r\n\r\n`);
      const reply = client.nextReply();
      for (const cut of [[0, 7], [7, 30], [30, text.length]] as const) {
        client.socket.write(text.subarray(cut[0], cut[1]));
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      const answer = await withTimeout(reply, 5000, 'OPTIONS reply');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cseq')).toBe('41');
      expect(answer.headers.get('public')).toContain('GET_PARAMETER');
    } finally {
      client.close();
    }
  });

  it('refuses an unknown session, an unsupported method and a multicast transport', async () => {
    const client = await RawRtspClient.open(relay.port);
    try {
      expect((await client.request('PLAY', relay.url('cam-a'), { Session: 'deadbeef' })).status).toBe(454);
      expect((await client.request('REDIRECT', relay.url('cam-a'))).status).toBe(501);
      const setup = await client.request('SETUP', `${relay.url('cam-a')}/trackID=0`, { Transport: 'RTP/AVP;multicast' });
      expect(setup.status).toBe(461);
    } finally {
      client.close();
    }
  });

  it('lets a new publisher on a path replace the old one', async () => {
    const sdp = 'v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=x\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\na=rtpmap:96 H264/90000\r\na=control:streamid=0\r\n';
    const publish = async () => {
      const client = await RawRtspClient.open(relay.port);
      const url = relay.url('dup');
      expect((await client.request('ANNOUNCE', url, { 'Content-Type': 'application/sdp' }, sdp)).status).toBe(200);
      const setup = await client.request('SETUP', `${url}/streamid=0`, { Transport: 'RTP/AVP/TCP;unicast;interleaved=0-1;mode=record' });
      expect(setup.status).toBe(200);
      const session = setup.headers.get('session')!.split(';')[0]!;
      expect((await client.request('RECORD', url, { Session: session })).status).toBe(200);
      return client;
    };
    const first = await publish();
    const second = await publish();
    try {
      await withTimeout(first.closed, 5000, 'first publisher to be dropped');
      expect(relay.mounts()).toContain('dup');
    } finally {
      first.close();
      second.close();
    }
    await waitUntil(() => !relay.mounts().includes('dup'), 5000, 'mount to go away');
  });

  it('closes a connection that stays silent past the session timeout', async () => {
    const strict = await startRtspRelay({ sessionTimeoutSec: 1 });
    try {
      const client = await RawRtspClient.open(strict.port);
      await withTimeout(client.closed, 5000, 'idle connection to be closed');
    } finally {
      await strict.close();
    }
  });
});
