import { createSocket } from 'node:dgram';

/**
 * An even loopback UDP port whose next port is free too: ffmpeg's RTP input listens on both (RTP, RTCP).
 * The ports are released before ffmpeg binds them; another process taking one in between makes ffmpeg fail
 * to start, and the ingest's restart asks again.
 */
export async function freeUdpPortPair(host = '127.0.0.1', attempts = 20): Promise<number> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    const probe = await bind(host, 0);
    await probe.close();
    const port = probe.port % 2 === 0 ? probe.port : probe.port + 1;
    const held = await Promise.all([bind(host, port).catch(() => null), bind(host, port + 1).catch(() => null)]);
    await Promise.all(held.map((socket) => socket?.close()));
    if (held.every((socket) => socket !== null)) return port;
  }
  throw new Error('no free pair of UDP ports on the loopback interface');
}

async function bind(host: string, port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  return { port: socket.address().port, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
