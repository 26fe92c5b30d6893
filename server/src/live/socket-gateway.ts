import type { Server as HttpServer } from 'node:http';
import { Server } from 'socket.io';
import type { CameraStatus } from '../domain/index.js';
import {
  alertToDto,
  cameraStatusToDto,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '../contracts/index.js';
import type { Logger } from '../observability/logger.js';
import type { Metrics } from '../observability/metrics.js';
import type { AlertWithHistory } from '../store/ports.js';

export type VigilSocketServer = Server<ClientToServerEvents, ServerToClientEvents>;

/** What the rest of Vigil calls to tell connected dashboards about alerts and cameras. */
export interface LiveGateway {
  alertNew(alert: AlertWithHistory): void;
  alertUpdated(alert: AlertWithHistory): void;
  cameraStatus(status: CameraStatus): void;
  clientCount(): number;
  /** Disconnects every client; the HTTP server itself is closed by its owner. */
  close(): Promise<void>;
}

export interface SocketGatewayOptions {
  /** True when the presented token is the API token (constant-time). */
  authenticate(token: string | null): boolean;
  metrics: Metrics;
  logger: Logger;
  version: string;
}

/** The token of the handshake: `auth: { token }` first, else `Authorization: Bearer <token>`. */
export function handshakeToken(auth: unknown, authorization: string | undefined): string | null {
  if (typeof auth === 'object' && auth !== null && 'token' in auth) {
    const token = (auth as { token: unknown }).token;
    if (typeof token === 'string' && token.length > 0) return token;
  }
  const match = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
  return match?.[1] ?? null;
}

/** socket.io on the API's HTTP server, at the default path `/socket.io`, for clients holding the API token. */
export function attachSocketGateway(
  httpServer: HttpServer,
  options: SocketGatewayOptions,
): { io: VigilSocketServer; live: LiveGateway } {
  const { metrics, logger } = options;
  const io: VigilSocketServer = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
    serveClient: false,
    maxHttpBufferSize: 64 * 1024,
  });
  const clients = () => io.of('/').sockets.size;

  io.use((socket, next) => {
    const token = handshakeToken(socket.handshake.auth, socket.handshake.headers.authorization);
    if (options.authenticate(token)) return next();
    logger.warn({ remote: socket.handshake.address, tokenPresent: token !== null }, 'live client refused: bad or missing token');
    next(new Error('unauthorized'));
  });

  io.on('connection', (socket) => {
    metrics.socketClients.set(clients());
    logger.debug({ remote: socket.handshake.address, clients: clients() }, 'live client connected');
    socket.on('hello', (ack) => {
      if (typeof ack === 'function') ack({ version: options.version });
    });
    socket.on('disconnect', () => {
      metrics.socketClients.set(clients());
    });
  });

  const live: LiveGateway = {
    alertNew: (a) => void io.emit('alert:new', alertToDto(a.alert, a.evidence)),
    alertUpdated: (a) => void io.emit('alert:updated', alertToDto(a.alert, a.evidence)),
    cameraStatus: (s) => void io.emit('camera:status', cameraStatusToDto(s)),
    clientCount: clients,
    close: async () => {
      io.local.disconnectSockets(true);
      io.engine.close();
      metrics.socketClients.set(0);
    },
  };
  return { io, live };
}
