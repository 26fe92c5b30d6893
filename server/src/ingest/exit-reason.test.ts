import { describe, expect, it } from 'vitest';
import { describeExit, redactLine } from './exit-reason.js';

describe('describeExit', () => {
  it('names known failures in plain words', () => {
    const refused = ['[tcp @ 0x5581] Connection to tcp://10.0.0.5:554?timeout=5000000 failed: Connection refused', 'rtsp://admin:pw@10.0.0.5/s: Connection refused'];
    expect(describeExit(1, null, refused)).toBe('connection refused');
    expect(describeExit(1, null, ['method DESCRIBE failed: 401 Unauthorized'])).toBe('unauthorized: check the camera credentials');
    expect(describeExit(1, null, ['rtsp://x/s: Invalid data found when processing input'])).toBe('invalid data from the camera');
    expect(describeExit(1, null, ['file:/nope.mp4: No such file or directory'])).toBe('file not found');
  });

  it('falls back to the exit code and the last line, without credentials', () => {
    const reason = describeExit(1, null, ['first', 'Error opening rtsp://admin:hunter22@cam/s with key hunter22'], ['hunter22']);
    expect(reason).toBe('exited with code 1: Error opening rtsp://***@cam/s with key ***');
    expect(describeExit(null, 'SIGKILL', [])).toBe('killed by SIGKILL');
    expect(describeExit(0, null, [])).toBe('stream ended');
  });
});

describe('redactLine', () => {
  it('drops context pointers and bounds the length', () => {
    expect(redactLine('[h264 @ 0x55d0c1] error while decoding MB 3 4')).toBe('[h264] error while decoding MB 3 4');
    expect(redactLine('x'.repeat(500)).length).toBeLessThanOrEqual(160);
  });
});
