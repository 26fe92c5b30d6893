import { createServer, isIPv6, type Server } from 'node:net';
import { silentLogger, type Logger } from '../observability/logger.js';
import { MountRegistry } from './mount-registry.js';
import type { RelayContext } from './rtsp-context.js';
import { RtspConnection } from './rtsp-connection.js';
import type { RelayCounters } from './rtsp-mount.js';
import { trimSlashes } from './sdp.js';
import { UdpPortPair } from './udp-port-pair.js';

export interface RtspRelayStats extends RelayCounters {
  readonly mounts: number;
  readonly readers: number;
  readonly connections: number;
}

/**
 * A small RTSP server that relays what publishers push (ANNOUNCE/RECORD) to readers (DESCRIBE/PLAY), over
 * interleaved TCP or UDP, on one port. For simulated cameras, tests and benchmarks.
 */
export interface RtspRelay {
  readonly port: number;
  url(path: string): string;
  /** Paths that have a live publisher. */
  mounts(): string[];
  /** Resolves once `path` has a live publisher. */
  waitForMount(path: string, timeoutMs?: number): Promise<void>;
  stats(): RtspRelayStats;
  close(): Promise<void>;
}

export interface RtspRelayOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  logger?: Logger;
  /** A session with no requests and no traffic for this long is closed (between 1x and 2x this). */
  sessionTimeoutSec?: number;
  /**
   * Unsent bytes a reader may have queued before its packets are dropped; 2 MiB by default, at least 256 KiB
   * (packets of one received chunk, up to 64 KiB, are queued together before they are flushed).
   */
  maxReaderBufferBytes?: number;
}

const DEFAULT_SESSION_TIMEOUT_SEC = 60;
const DEFAULT_MAX_READER_BUFFER_BYTES = 2 * 1024 * 1024;
const MIN_READER_BUFFER_BYTES = 256 * 1024;

export async function startRtspRelay(opts: RtspRelayOptions = {}): Promise<RtspRelay> {
  const host = opts.host ?? '127.0.0.1';
  const logger = opts.logger ?? silentLogger();
  const udp = await UdpPortPair.bind(host);
  const context: RelayContext = {
    logger,
    registry: new MountRegistry(),
    udp,
    sessionTimeoutSec: opts.sessionTimeoutSec ?? DEFAULT_SESSION_TIMEOUT_SEC,
    maxReaderBufferBytes: Math.max(MIN_READER_BUFFER_BYTES, opts.maxReaderBufferBytes ?? DEFAULT_MAX_READER_BUFFER_BYTES),
    counters: { packetsIn: 0, packetsOut: 0, packetsDropped: 0 },
  };
  const connections = new Set<RtspConnection>();
  const server = createServer((socket) => {
    connections.add(new RtspConnection(socket, context, (closed) => connections.delete(closed)));
  });
  try {
    await listen(server, opts.port ?? 0, host);
  } catch (error) {
    udp.close();
    throw error;
  }
  const port = (server.address() as { port: number }).port;
  const timeoutCheck = setInterval(() => {
    for (const connection of connections) connection.checkTimeout();
  }, context.sessionTimeoutSec * 1000);
  timeoutCheck.unref();
  logger.info({ port, rtpPort: udp.rtpPort, rtcpPort: udp.rtcpPort }, 'rtsp relay listening');

  const urlHost = urlHostFor(host);
  let closing: Promise<void> | undefined;
  return {
    port,
    url: (path) => `rtsp://${urlHost}:${port}/${trimSlashes(path)}`,
    mounts: () => context.registry.paths(),
    waitForMount: (path, timeoutMs = 15_000) => context.registry.waitFor(trimSlashes(path), timeoutMs),
    stats: () => {
      const mounts = context.registry.all();
      return {
        ...context.counters,
        mounts: mounts.length,
        readers: mounts.reduce((sum, mount) => sum + mount.readerCount, 0),
        connections: connections.size,
      };
    },
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        clearInterval(timeoutCheck);
        server.close(() => resolve());
        for (const connection of connections) connection.destroy();
        udp.close();
        logger.info({ port }, 'rtsp relay closed');
      });
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** The host part of URLs handed to clients: a wildcard listen address is reached through loopback. */
function urlHostFor(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return isIPv6(host) ? `[${host}]` : host;
}
