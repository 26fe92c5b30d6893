import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

// The dashboard loads its own scripts and styles, talks to this origin over HTTP and WebSocket, and plays
// evidence clips and live video (WebRTC streams, JSMpeg's WebAssembly decoder on a canvas).
const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "connect-src 'self' ws: wss:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Whether a built dashboard is in `webDir` (`npm run build:web` writes it). */
export const dashboardBuilt = (webDir: string): boolean => existsSync(join(webDir, 'index.html'));

/** The built files of web/ at `/`; hashed assets are cached for good, index.html never. */
export async function registerDashboardRoutes(app: FastifyInstance, webDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: webDir,
    wildcard: false,
    cacheControl: false,
    index: false,
    setHeaders: (res, path) => {
      res.setHeader('Cache-Control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.setHeader('X-Content-Type-Options', 'nosniff');
    },
  });
  app.get('/', (_request, reply) => sendDashboard(reply));
}

/** index.html, for `/` and any page path (/alerts/ID, /cameras…), so links open the app there. */
export function sendDashboard(reply: FastifyReply): FastifyReply {
  return reply
    .header('Content-Security-Policy', CSP)
    .header('Referrer-Policy', 'no-referrer')
    .header('Cache-Control', 'no-cache')
    .sendFile('index.html');
}
