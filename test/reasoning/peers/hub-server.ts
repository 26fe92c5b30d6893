import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on 127.0.0.1 answering the two Hugging Face hub endpoints Vigil uses:
 * `GET /api/models/{org}/{name}/tree/{revision}?recursive=1` (paged with a Link header, like the hub) and
 * `GET /{org}/{name}/resolve/{revision}/{path}` with Range support. LFS files are redirected to a CDN path,
 * as the hub does. A gated repository answers 401 without the right bearer token; unknown ones 404.
 */

export interface HubRepo {
  files: Map<string, Buffer>;
  /** Requests need `Authorization: Bearer <token>`. */
  token?: string;
  /** Files listed with an LFS SHA-256 and served through a redirect. */
  lfs?: (path: string) => boolean;
  /** Sizes the listing claims instead of the real ones. */
  listedSizes?: Map<string, number>;
}

export interface HubRequest {
  path: string;
  range: string | undefined;
  authorization: string | undefined;
}

export interface HubPeer {
  readonly endpoint: string;
  readonly repos: Map<string, HubRepo>;
  readonly requests: HubRequest[];
  /** Entries per listing page. */
  pageSize: number;
  /** Paths whose next full download sends the first half of the bytes, then drops the connection. */
  dropHalfway: Set<string>;
  /** Downloads (resolve requests) of one file so far. */
  downloadsOf(path: string): HubRequest[];
  close(): Promise<void>;
}

export async function startHubPeer(): Promise<HubPeer> {
  const repos = new Map<string, HubRepo>();
  const requests: HubRequest[] = [];
  const dropHalfway = new Set<string>();
  const state = { pageSize: 1000 };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record = { path: url.pathname, range: header(req, 'range'), authorization: header(req, 'authorization') };
    requests.push(record);
    const listing = /^\/api\/models\/([^/]+\/[^/]+)\/tree\/([^/]+)$/.exec(url.pathname);
    const resolve = /^\/([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const cdn = /^\/cdn\/([^/]+\/[^/]+)\/(.+)$/.exec(url.pathname);
    const repoName = decodeURIComponent(listing?.[1] ?? resolve?.[1] ?? cdn?.[1] ?? '');
    const repo = repos.get(repoName);
    if (!repo) return json(res, 404, { error: 'Repository not found' });
    if (!cdn && repo.token && record.authorization !== `Bearer ${repo.token}`) {
      return json(res, 401, { error: 'Invalid credentials in Authorization header' });
    }
    if (listing) return list(res, url, repo, state.pageSize);
    const path = decodeURIComponent((resolve?.[3] ?? cdn?.[2] ?? '').replace(/\+/g, ' '));
    const body = repo.files.get(path);
    if (!body) return json(res, 404, { error: 'Entry not found' });
    if (resolve && repo.lfs?.(path)) {
      res.writeHead(302, { location: `/cdn/${repoName}/${path}` }).end();
      return;
    }
    serveFile(req, res, body, dropHalfway.delete(path) && !req.headers.range);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    repos,
    requests,
    get pageSize() {
      return state.pageSize;
    },
    set pageSize(value: number) {
      state.pageSize = value;
    },
    dropHalfway,
    downloadsOf: (path) => requests.filter((r) => r.path.includes('/resolve/') && r.path.endsWith(`/${path}`)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function list(res: ServerResponse, url: URL, repo: HubRepo, pageSize: number): void {
  const folders = new Set<string>();
  for (const path of repo.files.keys()) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) folders.add(parts.slice(0, i).join('/'));
  }
  const entries = [
    ...[...folders].map((path) => ({ type: 'directory', oid: 'tree', size: 0, path })),
    ...[...repo.files].map(([path, body]) => {
      const size = repo.listedSizes?.get(path) ?? body.length;
      const entry = { type: 'file', oid: 'blob', size, path };
      if (!repo.lfs?.(path)) return entry;
      const sha256 = createHash('sha256').update(body).digest('hex');
      return { ...entry, lfs: { oid: sha256, size, pointerSize: 134 } };
    }),
  ];
  const cursor = Number(url.searchParams.get('cursor') ?? '0');
  const page = entries.slice(cursor, cursor + pageSize);
  const headers: Record<string, string> = {};
  if (cursor + pageSize < entries.length) {
    const next = new URL(url.toString());
    next.searchParams.set('cursor', String(cursor + pageSize));
    headers.link = `<${next.pathname}${next.search}>; rel="next"`;
  }
  json(res, 200, page, headers);
}

function serveFile(req: IncomingMessage, res: ServerResponse, body: Buffer, dropHalfway: boolean): void {
  const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (range) {
    const start = Number(range[1]);
    if (start >= body.length) {
      res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
      return;
    }
    res.writeHead(206, { 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}`, 'accept-ranges': 'bytes' });
    res.end(body.subarray(start));
    return;
  }
  res.writeHead(200, { 'content-length': body.length, 'accept-ranges': 'bytes' });
  if (!dropHalfway) {
    res.end(body);
    return;
  }
  res.write(body.subarray(0, Math.floor(body.length / 2)), () => setTimeout(() => res.socket?.destroy(), 20));
}

function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
