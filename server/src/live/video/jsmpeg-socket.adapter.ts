import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { TsClient } from './jsmpeg-channel.js';

/** Completes WebSocket upgrades the API has already authorised, for JSMpeg viewers (binary, server to client). */
export class JsmpegSockets {
  readonly #server = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 4096 });

  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<TsClient> {
    return new Promise((resolve) => {
      this.#server.handleUpgrade(request, socket, head, (ws) => resolve(tsClient(ws)));
    });
  }

  /** Drops every connection at once (the HTTP server is closing). */
  terminateAll(): void {
    for (const ws of this.#server.clients) ws.terminate();
  }

  async close(): Promise<void> {
    this.terminateAll();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

function tsClient(ws: WebSocket): TsClient {
  // Viewers only listen; anything they send is ignored.
  ws.on('error', () => undefined);
  return {
    send: (chunk) => {
      if (ws.readyState === ws.OPEN) ws.send(chunk, { binary: true });
    },
    close: (code, reason) => ws.close(code, reason),
    get bufferedBytes() {
      return ws.bufferedAmount;
    },
    onClose: (listener) => {
      if (ws.readyState === ws.CLOSED) listener();
      else ws.once('close', () => listener());
    },
  };
}
