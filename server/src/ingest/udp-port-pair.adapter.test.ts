import { createSocket, type Socket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { freeUdpPortPair } from './udp-port-pair.adapter.js';

const bind = (port: number): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
const close = (socket: Socket): Promise<void> => new Promise((resolve) => socket.close(() => resolve()));

describe('freeUdpPortPair', () => {
  it('finds an even loopback port whose next port is free too, and leaves both free', async () => {
    const port = await freeUdpPortPair();
    expect(port % 2).toBe(0);
    expect(port).toBeGreaterThan(1024);
    const sockets = await Promise.all([bind(port), bind(port + 1)]);
    await Promise.all(sockets.map(close));
  });

  it('gives up with a clear error when no pair can be had', async () => {
    await expect(freeUdpPortPair('127.0.0.1', 0)).rejects.toThrow(/no free pair of UDP ports/);
  });
});
