import { describe, expect, it } from 'vitest';
import { parseSiteConfig } from './load-site-config.js';

const good = `site: { name: Demo plant, timezone: Europe/Berlin }
cameras:
  - id: dock-1
    name: Loading dock 1
    url: rtsp://viewer:\${DOCK1_PASSWORD}@10.0.0.5:554/stream1
    zones:
      - { id: dock-edge, name: Dock edge, polygon: [[0.1, 0.6], [0.9, 0.6], [0.9, 1], [0.1, 1]] }
    location: { map: warehouse, x: 12.5, y: 40.2 }
rules: rules/
`;

describe('parseSiteConfig', () => {
  it('parses a good file, fills defaults and substitutes ${VAR}', () => {
    const result = parseSiteConfig('vigil.yaml', good, { DOCK1_PASSWORD: 's3cret' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const camera = result.config.cameras[0]!;
    expect(camera.url).toBe('rtsp://viewer:s3cret@10.0.0.5:554/stream1');
    expect(camera.sample).toEqual({ fps: 2, maxSide: 640 });
    expect(camera.rtspTransport).toBe('tcp');
    expect(result.config.evidence.preRoll).toBe(5000);
    expect(result.config.model.backend).toBe('none');
  });

  it('names file, line and column of an unknown key', () => {
    const text = good.replace('    location:', '    colour: red\n    location:');
    const result = parseSiteConfig('site.yaml', text, { DOCK1_PASSWORD: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([{ file: 'site.yaml', line: 8, column: 5, message: 'unknown key "cameras.0.colour"' }]);
  });

  it('points at a polygon point out of range', () => {
    const text = good.replace('[0.9, 1]', '[0.9, 1.5]');
    const result = parseSiteConfig('vigil.yaml', text, { DOCK1_PASSWORD: 'x' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line: 7 });
    expect(result.errors[0]!.message).toMatch(/cameras\.0\.zones\.0\.polygon\.2\.1: must be between 0 and 1/);
  });

  it('reports a missing environment variable where it is used', () => {
    const result = parseSiteConfig('vigil.yaml', good, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line: 5, message: 'cameras.0.url: environment variable DOCK1_PASSWORD is not set' });
  });

  it('reports YAML syntax errors with their position', () => {
    const result = parseSiteConfig('vigil.yaml', 'site: { name: x\ncameras: [', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]!.line).toBeGreaterThanOrEqual(1);
    expect(result.errors[0]!.file).toBe('vigil.yaml');
  });

  it('rejects duplicate camera ids, bad durations and unknown time zones', () => {
    const text = `site: { name: X, timezone: Mars/Olympus }
cameras:
  - { id: a, name: A, url: "sim://idle" }
  - { id: a, name: B, url: "sim://idle" }
evidence: { preRoll: soon }
`;
    const result = parseSiteConfig('vigil.yaml', text, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.errors.map((e) => `${e.line}: ${e.message}`);
    expect(messages).toContain('5: evidence.preRoll: "soon" is not a duration (use e.g. 500ms, 2s, 5m, 1h)');
    expect(messages.some((m) => m.includes('unknown time zone "Mars/Olympus"'))).toBe(true);
    const duplicate = parseSiteConfig('vigil.yaml', text.replace('Mars/Olympus', 'UTC').replace('soon', '1s'), {});
    expect(duplicate.ok).toBe(false);
    if (duplicate.ok) return;
    expect(duplicate.errors).toEqual([{ file: 'vigil.yaml', line: 4, column: 11, message: 'cameras.1.id: duplicate camera id "a"' }]);
  });

  it("rejects a robot camera that is not a camera, and bad WebRTC settings, naming the line", () => {
    const text = `site: { name: X }
cameras:
  - { id: patrol-cam, name: Patrol, url: "whip://patrol-1" }
channels:
  robot: [{ id: patrol-1, url: "http://fleet.local/api", token: t, camera: patrol-kam }]
webrtc: { iceServers: [{ urls: "http://stun.example.org" }], portRange: [40100, 40000] }
`;
    const result = parseSiteConfig('vigil.yaml', text, {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = result.errors.map((e) => `${e.line}: ${e.message}`);
    expect(messages).toContain('5: channels.robot.0.camera: no camera "patrol-kam" under cameras');
    expect(messages).toContain('6: webrtc.iceServers.0.urls: must be a stun:, stuns:, turn: or turns: URL');
    expect(messages.some((m) => m.startsWith('6: webrtc.portRange: portRange must be [lowest, highest]'))).toBe(true);
    const fixed = text.replace('patrol-kam', 'patrol-cam').replace('http://stun', 'stun:stun').replace('[40100, 40000]', '[40000, 40100]');
    expect(parseSiteConfig('vigil.yaml', fixed, {}).ok).toBe(true);
  });

  it('rejects a camera URL of an unknown scheme', () => {
    const result = parseSiteConfig('vigil.yaml', 'site: { name: X }\ncameras:\n  - { id: a, name: A, url: "http://x" }\n', {});
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[0]).toMatchObject({ line: 3, message: expect.stringContaining('cameras.0.url: must start with rtsp://') });
  });
});
