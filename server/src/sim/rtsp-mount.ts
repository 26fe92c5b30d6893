import type { Socket } from 'node:net';
import { frameInterleaved } from './rtsp-message.js';
import type { PortPair } from './rtsp-transport.js';
import { sdpForReaders } from './sdp.js';
import type { UdpPortPair } from './udp-port-pair.js';

/** Where one track of one reader goes: interleaved channels on its RTSP connection, or its UDP client ports. */
export type ReaderTrackTarget =
  | { readonly kind: 'tcp'; readonly socket: Socket; readonly channels: PortPair }
  | { readonly kind: 'udp'; readonly address: string; readonly ports: PortPair };

export interface MountReader {
  readonly playing: boolean;
  /** Indexed by track; undefined for tracks the reader did not SETUP. */
  readonly targets: ReadonlyArray<ReaderTrackTarget | undefined>;
  /** The publisher is gone: the reader's connection should close so its client notices. */
  onMountClosed(): void;
}

export interface RelayCounters {
  packetsIn: number;
  packetsOut: number;
  packetsDropped: number;
}

export interface MountIo {
  readonly udp: UdpPortPair;
  /** A reader whose unsent bytes exceed this loses packets instead of growing memory. */
  readonly maxReaderBufferBytes: number;
  readonly counters: RelayCounters;
}

interface TcpTarget {
  readonly socket: Socket;
  readonly rtpChannel: number;
  readonly rtcpChannel: number;
}

interface UdpTarget {
  readonly address: string;
  readonly rtpPort: number;
  readonly rtcpPort: number;
}

const RTCP_BYE = 203;

/** One published path: the publisher's SDP and the fan-out of its RTP/RTCP packets to every playing reader. */
export class RtspMount {
  readonly readerSdp: string;
  private readonly readers = new Set<MountReader>();
  private tcpTargets: TcpTarget[][];
  private udpTargets: UdpTarget[][];
  private tcpSockets: Socket[] = [];
  /** The sockets corked by beginBatch, which may differ from tcpSockets by the time endBatch runs. */
  private corked: Socket[] = [];
  private readonly ssrcs: Array<number | undefined>;
  private closed = false;

  constructor(
    readonly path: string,
    readonly sdp: string,
    readonly trackCount: number,
    private readonly io: MountIo,
    private readonly kickPublisher: () => void,
  ) {
    this.readerSdp = sdpForReaders(sdp);
    this.tcpTargets = emptyLists(trackCount);
    this.udpTargets = emptyLists(trackCount);
    this.ssrcs = new Array<number | undefined>(trackCount).fill(undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  get readerCount(): number {
    return this.readers.size;
  }

  addReader(reader: MountReader): void {
    this.readers.add(reader);
    this.rebuildTargets();
  }

  removeReader(reader: MountReader): void {
    if (this.readers.delete(reader)) this.rebuildTargets();
  }

  /** Call after a reader starts or stops playing. */
  rebuildTargets(): void {
    const tcp = emptyLists<TcpTarget>(this.trackCount);
    const udp = emptyLists<UdpTarget>(this.trackCount);
    const sockets = new Set<Socket>();
    for (const reader of this.readers) {
      if (!reader.playing) continue;
      reader.targets.forEach((target, track) => {
        if (!target || track >= this.trackCount) return;
        if (target.kind === 'tcp') {
          tcp[track]!.push({ socket: target.socket, rtpChannel: target.channels[0], rtcpChannel: target.channels[1] });
          sockets.add(target.socket);
        } else {
          udp[track]!.push({ address: target.address, rtpPort: target.ports[0], rtcpPort: target.ports[1] });
        }
      });
    }
    this.tcpTargets = tcp;
    this.udpTargets = udp;
    this.tcpSockets = [...sockets];
  }

  /** Packets relayed between beginBatch and endBatch leave in as few socket writes as possible. */
  beginBatch(): void {
    this.corked = this.tcpSockets;
    for (const socket of this.corked) socket.cork();
  }

  endBatch(): void {
    for (const socket of this.corked) socket.uncork();
    this.corked = [];
  }

  /**
   * Sends one packet of `track` to every playing reader. `framed`, when given, holds the packet with an
   * interleaved prefix already and is reused for readers on the same channel.
   */
  relay(track: number, isRtcp: boolean, packet: Buffer, framed?: Buffer): void {
    if (this.closed || track >= this.trackCount) return;
    const counters = this.io.counters;
    counters.packetsIn++;
    if (!isRtcp && this.ssrcs[track] === undefined && packet.length >= 12) this.ssrcs[track] = packet.readUInt32BE(8);
    const limit = this.io.maxReaderBufferBytes;
    const tcp = this.tcpTargets[track]!;
    let out = framed;
    for (let i = 0; i < tcp.length; i++) {
      const target = tcp[i]!;
      const socket = target.socket;
      if (!socket.writable || socket.writableLength > limit) {
        counters.packetsDropped++;
        continue;
      }
      const channel = isRtcp ? target.rtcpChannel : target.rtpChannel;
      if (out === undefined || out[1] !== channel) out = frameInterleaved(channel, packet);
      socket.write(out);
      counters.packetsOut++;
    }
    const udp = this.udpTargets[track]!;
    const kind = isRtcp ? 'rtcp' : 'rtp';
    for (let i = 0; i < udp.length; i++) {
      const target = udp[i]!;
      const port = isRtcp ? target.rtcpPort : target.rtpPort;
      if (this.io.udp.send(kind, packet, port, target.address, limit)) counters.packetsOut++;
      else counters.packetsDropped++;
    }
  }

  /** Ends the mount: readers get an RTCP BYE per track and are disconnected; the publisher is let go too. */
  close(options: { kickPublisher: boolean }): void {
    if (this.closed) return;
    for (let track = 0; track < this.trackCount; track++) {
      const bye = rtcpBye(this.ssrcs[track] ?? 0);
      this.relay(track, true, bye);
    }
    this.closed = true;
    const readers = [...this.readers];
    this.readers.clear();
    this.rebuildTargets();
    for (const reader of readers) reader.onMountClosed();
    if (options.kickPublisher) this.kickPublisher();
  }
}

function emptyLists<T>(count: number): T[][] {
  return Array.from({ length: count }, () => []);
}

function rtcpBye(ssrc: number): Buffer {
  const packet = Buffer.alloc(8);
  packet[0] = 0x81; // version 2, one source
  packet[1] = RTCP_BYE;
  packet.writeUInt16BE(1, 2); // length in 32-bit words minus one
  packet.writeUInt32BE(ssrc >>> 0, 4);
  return packet;
}
