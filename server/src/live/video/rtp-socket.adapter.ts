import { createSocket } from 'node:dgram';

export interface RtpSocket {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * The UDP socket the ingest's live copies arrive on, bound before any ffmpeg is told the port, so the port is
 * Vigil's. Loopback only: the copies never leave the machine.
 */
export async function bindRtpSocket(onDatagram: (datagram: Buffer) => void, host = '127.0.0.1', port = 0): Promise<RtpSocket> {
  const socket = createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
  socket.on('message', onDatagram);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  socket.on('error', () => undefined);
  const address = socket.address();
  return {
    host,
    port: address.port,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
