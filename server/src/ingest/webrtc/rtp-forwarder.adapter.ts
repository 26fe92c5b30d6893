import { createSocket } from 'node:dgram';

export interface RtpForwarder {
  send(packet: Buffer, port: number): void;
  close(): Promise<void>;
}

/** One UDP socket that hands publishers' RTP to the ingests' ffmpegs on loopback ports. */
export function openRtpForwarder(host = '127.0.0.1'): RtpForwarder {
  const socket = createSocket({ type: 'udp4', sendBufferSize: 4 * 1024 * 1024 });
  // A port nobody listens on (ffmpeg restarting) answers with ICMP unreachable, reported here; the packet is lost
  // either way and the restarted ffmpeg asks for a keyframe.
  socket.on('error', () => undefined);
  return {
    send(packet, port) {
      socket.send(packet, port, host);
    },
    close: () =>
      new Promise<void>((resolve) => {
        try {
          socket.close(() => resolve());
        } catch {
          resolve();
        }
      }),
  };
}
