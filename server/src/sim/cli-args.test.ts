import { describe, expect, it } from 'vitest';
import { VigilError } from '../domain/index.js';
import { camerasYaml, parseSimCliArgs } from './cli-args.js';
import { parseFrameSize } from './frame-size.js';

describe('parseSimCliArgs', () => {
  it('applies defaults, with the clip folder under DATA_DIR', () => {
    expect(parseSimCliArgs([], { DATA_DIR: '/var/lib/vigil' })).toEqual({
      help: false,
      cameras: 4,
      port: 8554,
      host: '127.0.0.1',
      size: { width: 640, height: 360 },
      fps: 15,
      dir: '/var/lib/vigil/sim',
    });
  });

  it('reads every option', () => {
    const args = parseSimCliArgs(
      ['--cameras', '32', '--port', '9554', '--host', '0.0.0.0', '--size', '1280x720', '--fps', '10', '--dir', '/tmp/c'],
      {},
    );
    expect(args).toMatchObject({ cameras: 32, port: 9554, host: '0.0.0.0', size: { width: 1280, height: 720 }, fps: 10, dir: '/tmp/c' });
  });

  it('rejects bad numbers and unknown options', () => {
    expect(() => parseSimCliArgs(['--cameras', '0'])).toThrow(VigilError);
    expect(() => parseSimCliArgs(['--cameras', '2.5'])).toThrow(/--cameras/);
    expect(() => parseSimCliArgs(['--port', '70000'])).toThrow(/--port/);
    expect(() => parseSimCliArgs(['--frobnicate'])).toThrow();
  });
});

describe('parseFrameSize', () => {
  it('parses WxH and refuses odd or tiny sizes', () => {
    expect(parseFrameSize('320x180')).toEqual({ width: 320, height: 180 });
    expect(() => parseFrameSize('641x360')).toThrow(VigilError);
    expect(() => parseFrameSize('8x8')).toThrow(/size/);
    expect(() => parseFrameSize('640*360')).toThrow(/size/);
  });
});

describe('camerasYaml', () => {
  it('lists one camera per URL with a stable id', () => {
    expect(camerasYaml(['rtsp://127.0.0.1:8554/sim-1', 'rtsp://127.0.0.1:8554/sim-2'])).toBe(
      [
        'cameras:',
        '  - id: sim-1',
        '    name: Simulated camera 1',
        '    url: rtsp://127.0.0.1:8554/sim-1',
        '    sample: { fps: 2, maxSide: 640 }',
        '  - id: sim-2',
        '    name: Simulated camera 2',
        '    url: rtsp://127.0.0.1:8554/sim-2',
        '    sample: { fps: 2, maxSide: 640 }',
        '',
      ].join('\n'),
    );
  });
});
