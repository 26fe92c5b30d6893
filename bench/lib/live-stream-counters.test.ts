import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RtpVideoCounter, TsVideoCounter } from './live-stream-counters.js';
import { FFMPEG } from './paths.js';

const run = promisify(execFile);

const nal = (type: number, size = 10) => Buffer.concat([Buffer.from([0x60 | type]), Buffer.alloc(size - 1, 0xaa)]);
const stapA = (...units: Buffer[]) =>
  Buffer.concat([Buffer.from([0x78]), ...units.flatMap((u) => [Buffer.from([u.length >> 8, u.length & 0xff]), u])]);
const fuA = (type: number, start: boolean) => Buffer.from([0x7c, (start ? 0x80 : 0) | type, 0xbb, 0xbb]);

describe('RTP video counter', () => {
  it('counts an IDR picture once however many packets carry it, and the SPS inside a STAP-A', () => {
    const counter = new RtpVideoCounter();
    counter.push(stapA(nal(7), nal(8)), 1000);
    counter.push(fuA(5, true), 1000);
    counter.push(fuA(5, false), 1000);
    counter.push(fuA(5, true), 1000); // a second slice of the same picture
    counter.push(nal(1), 7000);
    counter.push(fuA(5, true), 13_000);
    expect(counter.counts).toEqual({ packets: 6, payloadBytes: 25 + 4 * 4 + 10, keyframes: 2, parameterSets: 1 });
  });

  it('finds no keyframe in P-slices and fragment continuations', () => {
    const counter = new RtpVideoCounter();
    counter.push(nal(1), 0);
    counter.push(fuA(5, false), 0);
    expect(counter.counts.keyframes).toBe(0);
  });
});

function tsPacket(options: { sync?: number; start: boolean; adaptation?: number; payload: Buffer }): Buffer {
  const packet = Buffer.alloc(188, 0xff);
  packet[0] = options.sync ?? 0x47;
  packet[1] = (options.start ? 0x40 : 0) | 0x01;
  packet[2] = 0x00;
  const stuffing = options.adaptation ?? 0;
  packet[3] = (stuffing > 0 ? 0x30 : 0x10) | 0;
  let offset = 4;
  if (stuffing > 0) {
    packet[4] = stuffing;
    offset += 1 + stuffing;
  }
  options.payload.copy(packet, offset);
  return packet;
}

const videoPes = (es: number[]) => Buffer.from([0, 0, 1, 0xe0, 0, 0, 0x80, 0x80, 5, 0x21, 0, 1, 0, 1, ...es]);

describe('MPEG-TS video counter', () => {
  it('finds video PES starts and sequence headers behind an adaptation field, across chunk boundaries', () => {
    const stream = Buffer.concat([
      tsPacket({ start: true, adaptation: 7, payload: videoPes([0, 0, 1, 0xb3, 0x14]) }),
      tsPacket({ start: false, payload: Buffer.from([0, 0, 1, 0xb3]) }), // not a PES start: payload only
      tsPacket({ start: true, payload: videoPes([0, 0, 1, 0x00]) }), // a picture without a sequence header
      tsPacket({ start: true, payload: Buffer.from([0, 0, 1, 0xc0, 0, 0, 0x80, 0x80, 0, 0, 0, 1, 0xb3]) }), // audio
    ]);
    const counter = new TsVideoCounter();
    for (let offset = 0; offset < stream.length; offset += 100) counter.push(stream.subarray(offset, offset + 100));
    expect(counter.counts).toEqual({ bytes: 752, packets: 4, syncErrors: 0, videoPes: 2, sequenceHeaders: 1 });
  });

  it('counts packets that lost their sync byte, and keeps a trailing part packet for later', () => {
    const counter = new TsVideoCounter();
    counter.push(Buffer.concat([tsPacket({ sync: 0x00, start: true, payload: videoPes([0, 0, 1, 0xb3]) }), Buffer.alloc(50)]));
    expect(counter.counts).toMatchObject({ bytes: 238, packets: 1, syncErrors: 1, videoPes: 0 });
  });

  it('reads what ffmpeg writes for JSMpeg: MPEG-1 video in MPEG-TS, a sequence header per GOP', async () => {
    const { stdout } = await run(
      FFMPEG,
      ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25', '-t', '2', '-c:v', 'mpeg1video', '-b:v', '800k', '-bf', '0', '-g', '25', '-f', 'mpegts', 'pipe:1'],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024 },
    );
    const counter = new TsVideoCounter();
    for (let offset = 0; offset < stdout.length; offset += 1000) counter.push(stdout.subarray(offset, offset + 1000));
    const counts = counter.counts;
    expect(counts.bytes).toBe(stdout.length);
    expect(counts.packets).toBe(stdout.length / 188);
    expect(counts.syncErrors).toBe(0);
    expect(counts.videoPes).toBe(50);
    expect(counts.sequenceHeaders).toBe(2);
  });
});
