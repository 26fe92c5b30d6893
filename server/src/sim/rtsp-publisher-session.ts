import { RtspMount } from './rtsp-mount.js';
import type { SessionHost, SetupOutcome } from './rtsp-context.js';
import { formatTcpTransport, formatUdpTransport, type TransportSpec } from './rtsp-transport.js';
import { parseSdpTracks, resolveSetupTrack } from './sdp.js';

/** A client that ANNOUNCEd a path and pushes RTP to it (ffmpeg `-f rtsp`). */
export class PublisherSession {
  private readonly controls: string[];
  /** Interleaved channel → track * 2 + (1 for RTCP), or -1. */
  private readonly channelRoutes = new Int16Array(256).fill(-1);
  private readonly setupTracks = new Set<number>();
  private readonly removeUdpPeers: Array<() => void> = [];
  private live: RtspMount | undefined;

  constructor(
    readonly path: string,
    private readonly sdp: string,
    private readonly host: SessionHost,
  ) {
    this.controls = parseSdpTracks(sdp).controls;
  }

  get trackCount(): number {
    return this.controls.length;
  }

  get mount(): RtspMount | undefined {
    return this.live;
  }

  setup(requestPath: string, transports: TransportSpec[]): SetupOutcome {
    if (this.live) return { status: 455 };
    const track = resolveSetupTrack(this.controls, this.path, requestPath);
    if (track === undefined) return { status: 404 };
    const tcp = transports.find((spec) => spec.protocol === 'tcp');
    const udp = transports.find((spec) => spec.protocol === 'udp' && !spec.multicast && spec.clientPort);
    if (tcp) {
      const channels = tcp.interleaved ?? ([track * 2, track * 2 + 1] as const);
      this.channelRoutes[channels[0]] = track * 2;
      this.channelRoutes[channels[1]] = track * 2 + 1;
      this.setupTracks.add(track);
      return { status: 200, transport: formatTcpTransport(channels, 'record') };
    }
    if (udp?.clientPort) {
      const { udp: pair } = this.host.context;
      const address = this.host.remoteAddress;
      this.removeUdpPeers.push(
        pair.addPeer('rtp', address, udp.clientPort[0], (packet) => this.receiveUdp(track, false, packet)),
        pair.addPeer('rtcp', address, udp.clientPort[1], (packet) => this.receiveUdp(track, true, packet)),
      );
      this.setupTracks.add(track);
      return { status: 200, transport: formatUdpTransport(udp.clientPort, [pair.rtpPort, pair.rtcpPort], 'record') };
    }
    return { status: 461 };
  }

  /** RECORD: the path goes live for readers. */
  record(): number {
    if (this.live) return 200;
    if (this.setupTracks.size === 0) return 455;
    const { context } = this.host;
    this.live = new RtspMount(this.path, this.sdp, this.trackCount, context, () => this.host.destroy());
    context.registry.publish(this.live);
    context.logger.info({ mount: this.path, tracks: this.trackCount }, 'rtsp publisher live');
    return 200;
  }

  receiveFrame(channel: number, payload: Buffer, framed: Buffer): void {
    const mount = this.live;
    if (!mount) return;
    const route = this.channelRoutes[channel]!;
    if (route >= 0) mount.relay(route >> 1, (route & 1) === 1, payload, framed);
  }

  private receiveUdp(track: number, isRtcp: boolean, packet: Buffer): void {
    this.host.markActive();
    this.live?.relay(track, isRtcp, packet);
  }

  end(): void {
    for (const remove of this.removeUdpPeers.splice(0)) remove();
    const mount = this.live;
    this.live = undefined;
    if (!mount) return;
    this.host.context.registry.unpublish(mount);
    this.host.context.logger.info({ mount: this.path }, 'rtsp publisher gone');
  }
}
