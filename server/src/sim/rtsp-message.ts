/** RTSP/1.0 wire format: an incremental parser for requests mixed with `$` interleaved frames, and responses. */

export interface RtspRequest {
  readonly method: string;
  readonly url: string;
  /** Header names in lower case; repeated headers are joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: Buffer;
}

export interface RtspParserHandlers {
  onRequest(request: RtspRequest): void;
  /**
   * One interleaved frame. `payload` is the RTP/RTCP packet and `framed` the same bytes with the 4-byte
   * `$ channel length` prefix; both may share memory with the received chunk.
   */
  onFrame(channel: number, payload: Buffer, framed: Buffer): void;
  /** The stream cannot be parsed any further; the caller should close the connection. */
  onError(reason: string): void;
}

const DOLLAR = 0x24;
const CR = 0x0d;
const LF = 0x0a;
const MAX_HEADER_BYTES = 16 * 1024;
const MAX_BODY_BYTES = 256 * 1024;

export class RtspStreamParser {
  private pending: Buffer | null = null;
  private stopped = false;

  constructor(private readonly handlers: RtspParserHandlers) {}

  /** Stops all further callbacks, e.g. once the connection is being closed. */
  stop(): void {
    this.stopped = true;
    this.pending = null;
  }

  push(chunk: Buffer): void {
    if (this.stopped) return;
    let buf = chunk;
    let offset = 0;
    const pending = this.pending;
    this.pending = null;
    if (pending) {
      // Complete a split interleaved frame by copying only its missing tail, not the whole new chunk.
      if (pending[0] === DOLLAR && pending.length >= 4) {
        const total = 4 + pending.readUInt16BE(2);
        const missing = total - pending.length;
        if (chunk.length < missing) {
          this.pending = Buffer.concat([pending, chunk]);
          return;
        }
        const framed = Buffer.concat([pending, chunk.subarray(0, missing)], total);
        this.handlers.onFrame(framed[1]!, framed.subarray(4), framed);
        if (this.stopped) return;
        offset = missing;
      } else {
        buf = Buffer.concat([pending, chunk]);
      }
    }
    this.consume(buf, offset);
  }

  private consume(buf: Buffer, start: number): void {
    let offset = start;
    const length = buf.length;
    while (offset < length && !this.stopped) {
      const first = buf[offset]!;
      if (first === DOLLAR) {
        if (length - offset < 4) break;
        const end = offset + 4 + buf.readUInt16BE(offset + 2);
        if (end > length) break;
        this.handlers.onFrame(buf[offset + 1]!, buf.subarray(offset + 4, end), buf.subarray(offset, end));
        offset = end;
        continue;
      }
      if (first === CR || first === LF) {
        offset++;
        continue;
      }
      const consumed = this.consumeMessage(buf, offset);
      if (consumed === 0) break;
      offset += consumed;
    }
    if (!this.stopped && offset < length) this.pending = buf.subarray(offset);
  }

  /** Returns the bytes used by one complete text message at `offset`, or 0 when more bytes are needed. */
  private consumeMessage(buf: Buffer, offset: number): number {
    const headerEnd = buf.indexOf('\r\n\r\n', offset, 'latin1');
    if (headerEnd < 0) {
      if (buf.length - offset > MAX_HEADER_BYTES) this.fail('header too large');
      return 0;
    }
    if (headerEnd - offset > MAX_HEADER_BYTES) {
      this.fail('header too large');
      return 0;
    }
    const head = parseHead(buf.toString('latin1', offset, headerEnd));
    if (!head) {
      this.fail('malformed message');
      return 0;
    }
    const contentLength = Number(head.headers.get('content-length') ?? '0');
    if (!Number.isInteger(contentLength) || contentLength < 0 || contentLength > MAX_BODY_BYTES) {
      this.fail('bad Content-Length');
      return 0;
    }
    const bodyStart = headerEnd + 4;
    if (buf.length - bodyStart < contentLength) return 0;
    const body = Buffer.from(buf.subarray(bodyStart, bodyStart + contentLength));
    // Responses (to requests a server never sends) are skipped.
    if (head.method !== undefined) {
      this.handlers.onRequest({ method: head.method, url: head.url, headers: head.headers, body });
    }
    return bodyStart + contentLength - offset;
  }

  private fail(reason: string): void {
    this.stop();
    this.handlers.onError(reason);
  }
}

interface ParsedHead {
  method: string | undefined;
  url: string;
  headers: Map<string, string>;
}

function parseHead(text: string): ParsedHead | undefined {
  const lines = text.split(/\r?\n/);
  const startLine = (lines.shift() ?? '').trim();
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const previous = headers.get(name);
    headers.set(name, previous === undefined ? value : `${previous}, ${value}`);
  }
  if (startLine.startsWith('RTSP/')) return { method: undefined, url: '', headers };
  const match = /^([A-Z_]+)\s+(\S+)\s+RTSP\/1\.\d$/.exec(startLine);
  if (!match) return undefined;
  return { method: match[1]!, url: match[2]!, headers };
}

const REASONS: Record<number, string> = {
  200: 'OK',
  400: 'Bad Request',
  404: 'Not Found',
  405: 'Method Not Allowed',
  454: 'Session Not Found',
  455: 'Method Not Valid in This State',
  459: 'Aggregate Operation Not Allowed',
  461: 'Unsupported Transport',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  505: 'RTSP Version Not Supported',
};

export type RtspHeaders = Record<string, string | number | undefined>;

export function formatResponse(status: number, headers: RtspHeaders, body?: string): Buffer {
  const bodyBytes = body === undefined ? undefined : Buffer.from(body, 'utf8');
  let head = `RTSP/1.0 ${status} ${REASONS[status] ?? 'Unknown'}\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) head += `${name}: ${value}\r\n`;
  }
  if (bodyBytes) head += `Content-Length: ${bodyBytes.length}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'utf8');
  return bodyBytes ? Buffer.concat([headBytes, bodyBytes]) : headBytes;
}

/** Writes the `$ channel length` prefix and the packet into one buffer. */
export function frameInterleaved(channel: number, packet: Buffer): Buffer {
  const framed = Buffer.allocUnsafe(4 + packet.length);
  framed[0] = DOLLAR;
  framed[1] = channel;
  framed.writeUInt16BE(packet.length, 2);
  packet.copy(framed, 4);
  return framed;
}
