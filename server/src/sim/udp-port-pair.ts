import { createSocket, type Socket } from 'node:dgram';
import { isIPv4, isIPv6 } from 'node:net';

export type UdpChannel = 'rtp' | 'rtcp';
export type UdpPacketHandler = (packet: Buffer) => void;

interface Peer {
  readonly address: string;
  readonly handler: UdpPacketHandler;
}

/**
 * The relay's shared RTP/RTCP socket pair (even port for RTP, the next one for RTCP). UDP sessions of every
 * publisher and reader go through it; incoming datagrams are routed by the sender's address and port.
 */
export class UdpPortPair {
  private readonly peers: Record<UdpChannel, Map<number, Peer[]>> = { rtp: new Map(), rtcp: new Map() };
  private closed = false;

  private constructor(
    private readonly sockets: Record<UdpChannel, Socket>,
    private readonly ipv6: boolean,
    readonly rtpPort: number,
    readonly rtcpPort: number,
  ) {
    for (const channel of ['rtp', 'rtcp'] as const) {
      const peers = this.peers[channel];
      sockets[channel].on('message', (packet, sender) => {
        const list = peers.get(sender.port);
        if (!list) return;
        const address = normalizeAddress(sender.address);
        for (const peer of list) if (peer.address === address) peer.handler(packet);
      });
      // Send failures to vanished readers are expected; they must not crash the relay.
      sockets[channel].on('error', () => {});
    }
  }

  static async bind(host: string, attempts = 64): Promise<UdpPortPair> {
    const type = isIPv6(host) ? 'udp6' : 'udp4';
    for (let attempt = 0; attempt < attempts; attempt++) {
      const first = await bindSocket(type, host, 0);
      if (!first) continue;
      const port = first.address().port;
      const evenPort = port % 2 === 0 ? port : port - 1;
      const otherPort = port % 2 === 0 ? port + 1 : port - 1;
      const second = otherPort > 0 && otherPort < 65536 ? await bindSocket(type, host, otherPort) : undefined;
      if (!second) {
        first.close();
        continue;
      }
      const [rtp, rtcp] = port === evenPort ? [first, second] : [second, first];
      return new UdpPortPair({ rtp, rtcp }, type === 'udp6', evenPort, evenPort + 1);
    }
    throw new Error('no free UDP port pair for RTP/RTCP');
  }

  /** Routes datagrams from `address:port` on `channel` to `handler`; returns the function that undoes it. */
  addPeer(channel: UdpChannel, address: string, port: number, handler: UdpPacketHandler): () => void {
    const peers = this.peers[channel];
    const peer: Peer = { address: normalizeAddress(address), handler };
    peers.set(port, [...(peers.get(port) ?? []), peer]);
    return () => {
      const remaining = (peers.get(port) ?? []).filter((entry) => entry !== peer);
      if (remaining.length > 0) peers.set(port, remaining);
      else peers.delete(port);
    };
  }

  /** The form of a client address that `send` accepts (an IPv6 socket reaches IPv4 clients as ::ffff:a.b.c.d). */
  sendAddressFor(address: string): string {
    return this.ipv6 && isIPv4(address) ? `::ffff:${address}` : address;
  }

  /** Sends unless `maxQueuedBytes` already wait in user space (the kernel buffer is full); false when dropped. */
  send(channel: UdpChannel, packet: Buffer, port: number, address: string, maxQueuedBytes: number): boolean {
    if (this.closed) return false;
    const socket = this.sockets[channel];
    if (socket.getSendQueueSize() > maxQueuedBytes) return false;
    socket.send(packet, port, address);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const socket of Object.values(this.sockets)) socket.close();
    this.peers.rtp.clear();
    this.peers.rtcp.clear();
  }
}

/** IPv4 peers of a dual-stack socket show up as ::ffff:a.b.c.d. */
export function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

function bindSocket(type: 'udp4' | 'udp6', host: string, port: number): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket({ type, reuseAddr: false });
    const onError = () => {
      socket.close();
      resolve(undefined);
    };
    socket.once('error', onError);
    socket.bind(port, host, () => {
      socket.off('error', onError);
      resolve(socket);
    });
  });
}
