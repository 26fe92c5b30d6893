import type { Socket } from 'node:net';
import type { Logger } from '../observability/logger.js';
import type { MountRegistry } from './mount-registry.js';
import type { MountIo } from './rtsp-mount.js';
import type { UdpPortPair } from './udp-port-pair.js';

/** What every connection of one relay shares. */
export interface RelayContext extends MountIo {
  readonly logger: Logger;
  readonly registry: MountRegistry;
  readonly udp: UdpPortPair;
  readonly sessionTimeoutSec: number;
}

/** The side of an RTSP connection that a publisher or reader session talks to. */
export interface SessionHost {
  readonly socket: Socket;
  /** The client's IP address, IPv4-mapped addresses unwrapped. */
  readonly remoteAddress: string;
  readonly context: RelayContext;
  /** Counts as traffic for the session timeout. */
  markActive(): void;
  /** Flushes what is queued, then closes. */
  closeGracefully(): void;
  /** Closes at once. */
  destroy(): void;
}

export interface SetupOutcome {
  readonly status: number;
  readonly transport?: string;
}
