import { connect, type Socket } from 'node:net';

export interface RtspReply {
  status: number;
  headers: Map<string, string>;
  body: string;
}

/** A bare RTSP client for poking the relay byte by byte: requests, replies, and counts of `$` frames. */
export class RawRtspClient {
  framesReceived = 0;
  readonly closed: Promise<void>;
  private buffer: Buffer = Buffer.alloc(0);
  private cseq = 0;
  private readonly waiting: Array<(reply: RtspReply) => void> = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static open(port: number, host = '127.0.0.1'): Promise<RawRtspClient> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => {
        socket.off('error', reject);
        resolve(new RawRtspClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends a request with the next CSeq and resolves with its reply. */
  request(method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<RtspReply> {
    this.cseq++;
    let text = `${method} ${url} RTSP/1.0\r\nCSeq: ${this.cseq}\r\n`;
    for (const [name, value] of Object.entries(headers)) text += `${name}: ${value}\r\n`;
    if (body !== undefined) text += `Content-Length: ${Buffer.byteLength(body)}\r\n`;
    text += `\r\n${body ?? ''}`;
    return this.sendRaw(Buffer.from(text));
  }

  /** Writes bytes as given (e.g. a request split in pieces) and resolves with the next reply. */
  sendRaw(...pieces: Buffer[]): Promise<RtspReply> {
    const reply = this.nextReply();
    for (const piece of pieces) this.socket.write(piece);
    return reply;
  }

  nextReply(): Promise<RtspReply> {
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      if (this.buffer.length === 0) return;
      if (this.buffer[0] === 0x24) {
        if (this.buffer.length < 4) return;
        const end = 4 + this.buffer.readUInt16BE(2);
        if (this.buffer.length < end) return;
        this.framesReceived++;
        this.buffer = this.buffer.subarray(end);
        continue;
      }
      const headEnd = this.buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const [statusLine = '', ...lines] = this.buffer.toString('latin1', 0, headEnd).split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines) {
        const colon = line.indexOf(':');
        if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
      }
      const length = Number(headers.get('content-length') ?? '0');
      if (this.buffer.length < headEnd + 4 + length) return;
      const body = this.buffer.toString('utf8', headEnd + 4, headEnd + 4 + length);
      this.buffer = this.buffer.subarray(headEnd + 4 + length);
      const status = Number(statusLine.split(' ')[1]);
      this.waiting.shift()?.({ status, headers, body });
    }
  }
}
