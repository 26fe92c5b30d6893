import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { FastifyReply } from 'fastify';
import { VigilError } from '../domain/index.js';
import { decideRange } from './http-range.js';

/**
 * The absolute path of a file recorded relative to DATA_DIR, or null when it would lie outside it
 * (`..`, an absolute path, or a symlink pointing out) or does not exist.
 */
export async function resolveUnderDataDir(dataDir: string, relativePath: string): Promise<string | null> {
  if (relativePath.length === 0 || relativePath.includes('\0') || isAbsolute(relativePath)) return null;
  const root = resolve(dataDir);
  const candidate = resolve(root, relativePath);
  if (!isInside(root, candidate)) return null;
  try {
    const [realRoot, realFile] = await Promise.all([realpath(root), realpath(candidate)]);
    return isInside(realRoot, realFile) ? realFile : null;
  } catch {
    return null;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel.length > 0 && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

export interface FileToSend {
  path: string;
  mime: string;
  /** Quoted into the ETag: the file's SHA-256 as recorded. */
  sha256: string;
  range: string | undefined;
  ifNoneMatch: string | undefined;
  /** Offered to browsers that save the file. */
  downloadName: string;
}

/** Streams a file from disk with byte-range support (206 / 416, Accept-Ranges). */
export async function sendFileWithRanges(reply: FastifyReply, file: FileToSend): Promise<FastifyReply> {
  const info = await stat(file.path).catch(() => null);
  if (!info?.isFile()) throw new VigilError('not_found', 'evidence file is missing on disk');
  const size = info.size;
  reply
    .header('Accept-Ranges', 'bytes')
    .header('Content-Type', file.mime)
    .header('Cache-Control', 'private, max-age=3600')
    .header('Last-Modified', info.mtime.toUTCString());
  reply.header('Content-Disposition', `inline; filename="${file.downloadName.replace(/[^A-Za-z0-9._-]/g, '_')}"`);
  if (file.sha256) {
    const etag = `"${file.sha256}"`;
    reply.header('ETag', etag);
    if (file.range === undefined && file.ifNoneMatch?.split(',').some((tag) => tag.trim() === etag)) return reply.code(304).send();
  }
  const decision = decideRange(file.range, size);
  if (decision.kind === 'unsatisfiable') {
    return reply
      .code(416)
      .header('Content-Range', `bytes */${size}`)
      .header('Content-Type', 'application/json; charset=utf-8')
      .send({ error: { code: 'invalid_input', message: 'range not satisfiable' } });
  }
  if (decision.kind === 'partial') {
    const { start, end } = decision;
    reply.code(206).header('Content-Range', `bytes ${start}-${end}/${size}`).header('Content-Length', end - start + 1);
    return reply.send(createReadStream(file.path, { start, end }));
  }
  reply.code(200).header('Content-Length', size);
  return reply.send(createReadStream(file.path));
}
