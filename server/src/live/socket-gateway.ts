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
  /** Disconnects the user's clients (signed out, access changed); they reconnect with what they still hold. */
  disconnectUser(userId: string): void;
  /** Disconnects every client; the HTTP server itself is closed by its owner. */
  close(): Promise<void>;
}

/** Who a live client is: the cameras it may hear about (null: all) and its user (null: the root token). */
export interface LiveViewer {
  cameras: readonly string[] | null;
  userId: string | null;
}

/** What a client presented when connecting. */
export interface LiveHandshake {
  /** `auth: { token }`, else `Authorization: Bearer`. */
  token: string | null;
  headers: Record<string, string | string[] | undefined>;
  address: string;
}

export interface SocketGatewayOptions {
  /** The viewer the handshake's token, session cookie or trusted proxy stands for; null: refused. */
  authenticate(handshake: LiveHandshake): Promise<LiveViewer | null>;
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

const ALL_CAMERAS = 'cameras:*';
const cameraRoom = (cameraId: string): string => `camera:${cameraId}`;
const userRoom = (userId: string): string => `user:${userId}`;

/**
 * socket.io on the API's HTTP server, at the default path `/socket.io`. Each client hears only about the cameras it
 * may see: it joins one room per camera (or the room of all cameras), and events go to the camera's rooms.
 */
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
    options.authenticate({ token, headers: socket.handshake.headers, address: socket.handshake.address }).then(
      (viewer) => {
        if (!viewer) {
          logger.warn({ remote: socket.handshake.address, tokenPresent: token !== null }, 'live client refused: bad or missing credentials');
          return next(new Error('unauthorized'));
        }
        socket.data.viewer = viewer;
        next();
      },
      (error: unknown) => {
        logger.error({ err: error instanceof Error ? error.message : String(error) }, 'live client refused: checking its credentials failed');
        next(new Error('unavailable'));
      },
    );
  });
  const toCamera = (cameraId: string) => io.to([ALL_CAMERAS, cameraRoom(cameraId)]);

  io.on('connection', (socket) => {
    const viewer = socket.data.viewer as LiveViewer;
    void socket.join(viewer.cameras === null ? [ALL_CAMERAS] : viewer.cameras.map(cameraRoom));
    if (viewer.userId) void socket.join(userRoom(viewer.userId));
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
    alertNew: (a) => void toCamera(a.alert.cameraId).emit('alert:new', alertToDto(a.alert, a.evidence)),
    alertUpdated: (a) => void toCamera(a.alert.cameraId).emit('alert:updated', alertToDto(a.alert, a.evidence)),
    cameraStatus: (s) => void toCamera(s.cameraId).emit('camera:status', cameraStatusToDto(s)),
    clientCount: clients,
    disconnectUser: (userId) => void io.in(userRoom(userId)).disconnectSockets(true),
    close: async () => {
      io.local.disconnectSockets(true);
      io.engine.close();
      metrics.socketClients.set(0);
    },
  };
  return { io, live };
}
