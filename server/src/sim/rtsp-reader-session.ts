import type { MountReader, ReaderTrackTarget, RtspMount } from './rtsp-mount.js';
import type { SessionHost, SetupOutcome } from './rtsp-context.js';
import { formatTcpTransport, formatUdpTransport, type PortPair, type TransportSpec } from './rtsp-transport.js';
import { readerTrackControl, resolveSetupTrack } from './sdp.js';

/** A client that SETUPs tracks of a mount and PLAYs them, over interleaved TCP or UDP. */
export class ReaderSession implements MountReader {
  private readonly trackTargets: Array<ReaderTrackTarget | undefined> = [];
  private readonly removeUdpPeers: Array<() => void> = [];
  private attached: RtspMount | undefined;
  private isPlaying = false;

  constructor(private readonly host: SessionHost) {}

  get playing(): boolean {
    return this.isPlaying;
  }

  get targets(): ReadonlyArray<ReaderTrackTarget | undefined> {
    return this.trackTargets;
  }

  get mount(): RtspMount | undefined {
    return this.attached;
  }

  setup(requestPath: string, transports: TransportSpec[]): SetupOutcome {
    const { registry } = this.host.context;
    const mount = this.attached ?? registry.findForRequestPath(requestPath);
    if (!mount || mount.isClosed) return { status: 404 };
    if (requestPath !== mount.path && !requestPath.startsWith(`${mount.path}/`)) return { status: 459 };
    const controls = Array.from({ length: mount.trackCount }, (_, index) => readerTrackControl(index));
    const track = resolveSetupTrack(controls, mount.path, requestPath);
    if (track === undefined) return { status: 404 };
    const spec = transports.find((candidate) => !candidate.multicast && (candidate.protocol === 'tcp' || candidate.clientPort));
    if (!spec) return { status: 461 };

    let transport: string;
    if (spec.protocol === 'tcp') {
      const channels: PortPair = spec.interleaved ?? [track * 2, track * 2 + 1];
      this.trackTargets[track] = { kind: 'tcp', socket: this.host.socket, channels };
      transport = formatTcpTransport(channels, 'play');
    } else {
      const ports = spec.clientPort!;
      const { udp } = this.host.context;
      // Receiver reports from the client keep its session alive.
      this.removeUdpPeers.push(udp.addPeer('rtcp', this.host.remoteAddress, ports[1], () => this.host.markActive()));
      this.trackTargets[track] = { kind: 'udp', address: udp.sendAddressFor(this.host.remoteAddress), ports };
      transport = formatUdpTransport(ports, [udp.rtpPort, udp.rtcpPort], 'play');
    }
    if (!this.attached) {
      this.attached = mount;
      mount.addReader(this);
    } else {
      mount.rebuildTargets();
    }
    return { status: 200, transport };
  }

  play(): number {
    const mount = this.attached;
    if (!mount || mount.isClosed) return mount ? 404 : 455;
    this.isPlaying = true;
    mount.rebuildTargets();
    return 200;
  }

  pause(): number {
    if (!this.attached) return 455;
    this.isPlaying = false;
    this.attached.rebuildTargets();
    return 200;
  }

  onMountClosed(): void {
    this.attached = undefined;
    this.isPlaying = false;
    this.host.closeGracefully();
  }

  end(): void {
    for (const remove of this.removeUdpPeers.splice(0)) remove();
    this.isPlaying = false;
    this.attached?.removeReader(this);
    this.attached = undefined;
  }
}
