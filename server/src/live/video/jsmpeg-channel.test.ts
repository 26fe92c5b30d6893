import { describe, expect, it } from 'vitest';
import type { RelaySink } from './camera-relay.js';
import { JsmpegChannel, type TsClient, type TranscoderHandlers } from './jsmpeg-channel.js';

function client(bufferedBytes = 0) {
  const received: Buffer[] = [];
  const closes: Array<[number, string]> = [];
  const listeners: Array<() => void> = [];
  const c: TsClient & { received: Buffer[]; closes: Array<[number, string]>; leave(): void } = {
    received,
    closes,
    bufferedBytes,
    send: (chunk) => received.push(Buffer.from(chunk)),
    close: (code, reason) => {
      closes.push([code, reason]);
      listeners.splice(0).forEach((l) => l());
    },
    onClose: (listener) => listeners.push(listener),
    leave: () => listeners.splice(0).forEach((l) => l()),
  };
  return c;
}

function channel(idleStopMs = 20) {
  const log = { started: 0, stopped: 0, written: [] as Buffer[], sinks: [] as RelaySink[], events: [] as string[] };
  let handlers: TranscoderHandlers | null = null;
  const ch = new JsmpegChannel({
    startTranscoder: (h) => {
      handlers = h;
      log.started += 1;
      return { write: (b) => log.written.push(b), stop: async () => void (log.stopped += 1) };
    },
    attach: (sink) => {
      log.sinks.push(sink);
      return () => log.sinks.splice(log.sinks.indexOf(sink), 1);
    },
    idleStopMs,
    maxBufferedBytes: 1000,
    onEvent: (event) => log.events.push(event),
  });
  return { ch, log, output: (chunk: Buffer) => handlers?.onData(chunk), exit: (reason: string) => handlers?.onExit(reason) };
}

const ts = (packets: number) => Buffer.concat(Array.from({ length: packets }, (_, i) => Buffer.from([0x47, i, ...Array(186).fill(0xff)])));

describe('JsmpegChannel', () => {
  it('starts one transcoder for the first viewer and feeds it Annex B from the relay', () => {
    const { ch, log } = channel();
    ch.add(client());
    ch.add(client());
    expect(log.started).toBe(1);
    expect(log.sinks).toHaveLength(1);
    log.sinks[0]?.deliver([{ marker: true, sequenceNumber: 1, timestamp: 0, payload: Buffer.from([0x65, 1]) }]);
    expect(log.written).toEqual([Buffer.from([0, 0, 0, 1, 0x65, 1])]);
  });

  it('starts each viewer at a TS packet boundary', () => {
    const { ch, output } = channel();
    const early = client();
    ch.add(early);
    const stream = ts(3);
    output(stream.subarray(0, 100));
    const late = client();
    ch.add(late);
    output(stream.subarray(100, 150));
    output(stream.subarray(150));
    expect(Buffer.concat(early.received)).toEqual(stream);
    expect(Buffer.concat(late.received)).toEqual(stream.subarray(188));
  });

  it('stops the transcoder a while after the last viewer leaves, not when a viewer comes back in time', async () => {
    const { ch, log } = channel(30);
    const a = client();
    ch.add(a);
    a.leave();
    ch.add(client());
    await new Promise((r) => setTimeout(r, 60));
    expect(log.stopped).toBe(0);
    expect(ch.running).toBe(true);
    const { ch: ch2, log: log2 } = channel(30);
    const b = client();
    ch2.add(b);
    b.leave();
    await new Promise((r) => setTimeout(r, 60));
    expect(log2.stopped).toBe(1);
    expect(log2.sinks).toHaveLength(0);
    expect(ch2.running).toBe(false);
  });

  it('disconnects a viewer that falls behind, and everyone when the transcoder dies', () => {
    const { ch, output, exit, log } = channel();
    const slow = client(5000);
    const fine = client();
    ch.add(slow);
    ch.add(fine);
    output(ts(1));
    expect(slow.closes[0]?.[0]).toBe(1013);
    expect(ch.viewerCount).toBe(1);
    exit('ffmpeg exited (code 1)');
    expect(fine.closes[0]?.[0]).toBe(1011);
    expect(ch.running).toBe(false);
    expect(log.events).toContain('transcoder-exit');
  });
});
