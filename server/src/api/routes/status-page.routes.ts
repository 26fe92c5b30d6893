import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { renderStatusPage } from '../status-page.html.js';

/** `GET /`: the status page shell; its data comes from /api with the user's token. */
export function registerStatusPageRoutes(app: FastifyInstance, deps: ApiDeps): void {
  const siteName = deps.siteName ?? 'Vigil';
  app.get('/', async (_request, reply) => {
    const nonce = randomBytes(16).toString('base64');
    return reply
      .header('Content-Type', 'text/html; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .header(
        'Content-Security-Policy',
        `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      )
      .header('X-Content-Type-Options', 'nosniff')
      .header('Referrer-Policy', 'no-referrer')
      .send(renderStatusPage({ siteName, nonce }));
  });
}
