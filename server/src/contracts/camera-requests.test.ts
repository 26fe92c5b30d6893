import { describe, expect, it } from 'vitest';
import { CameraCreate, CameraUpdate } from './camera-requests.js';

const valid = { id: 'dock-1', name: 'Dock 1', url: 'rtsp://viewer:pw@10.0.0.5/stream1' };
const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join('.')) ?? [];

describe('CameraCreate', () => {
  it('accepts every supported URL scheme', () => {
    for (const url of ['rtsp://h/s', 'rtsps://h/s', 'file:///v.mp4', 'sim://yard', 'whip://dock-1']) {
      expect(CameraCreate.safeParse({ ...valid, url }).success).toBe(true);
    }
  });

  it('refuses other schemes without quoting the URL', () => {
    const result = CameraCreate.safeParse({ ...valid, url: 'http://user:hunter22@cam/x' });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).not.toContain('hunter22');
  });

  it('names the point that lies outside the frame', () => {
    const zones = [{ id: 'edge', name: 'Edge', polygon: [[0, 0], [1, 1.5], [0, 1]] }];
    expect(paths(CameraCreate.safeParse({ ...valid, zones }))).toEqual(['zones.0.polygon.1.1']);
  });

  it('needs three points per polygon and unique zone ids', () => {
    const zone = { id: 'edge', name: 'Edge', polygon: [[0, 0], [1, 1], [0, 1]] };
    expect(paths(CameraCreate.safeParse({ ...valid, zones: [{ ...zone, polygon: [[0, 0], [1, 1]] }] }))).toEqual(['zones.0.polygon']);
    expect(paths(CameraCreate.safeParse({ ...valid, zones: [zone, zone] }))).toEqual(['zones.1.id']);
  });

  it('bounds the sample rate and size', () => {
    expect(paths(CameraCreate.safeParse({ ...valid, sample: { fps: 0.05 } }))).toEqual(['sample.fps']);
    expect(paths(CameraCreate.safeParse({ ...valid, sample: { fps: 31 } }))).toEqual(['sample.fps']);
    expect(paths(CameraCreate.safeParse({ ...valid, sample: { maxSide: 32 } }))).toEqual(['sample.maxSide']);
    expect(paths(CameraCreate.safeParse({ ...valid, sample: { maxSide: 4000 } }))).toEqual(['sample.maxSide']);
  });

  it('rejects unknown keys and bad ids', () => {
    const unknown = CameraCreate.safeParse({ ...valid, colour: 'red' });
    expect(unknown.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['colour'] });
    expect(paths(CameraCreate.safeParse({ ...valid, id: 'Dock 1' }))).toEqual(['id']);
  });
});

describe('CameraUpdate', () => {
  it('accepts a partial change and refuses unknown keys', () => {
    expect(CameraUpdate.parse({ enabled: false })).toEqual({ enabled: false });
    expect(CameraUpdate.safeParse({ source: 'config' }).success).toBe(false);
  });
});

describe('privacy masks in camera requests', () => {
  const mask = { id: 'window', name: 'Window', polygon: [[0, 0], [1, 0], [1, 0.5]] };

  it('defaults to none on create and takes masks on create and update', () => {
    expect(CameraCreate.parse(valid).masks).toEqual([]);
    expect(CameraCreate.parse({ ...valid, masks: [mask] }).masks).toEqual([mask]);
    expect(CameraUpdate.parse({ masks: [] })).toEqual({ masks: [] });
  });

  it('refuses duplicate mask ids and points outside the picture', () => {
    expect(paths(CameraCreate.safeParse({ ...valid, masks: [mask, mask] }))).toEqual(['masks.1.id']);
    expect(paths(CameraUpdate.safeParse({ masks: [{ ...mask, polygon: [[0, 0], [2, 0], [1, 1]] }] }))).toEqual(['masks.0.polygon.1.0']);
  });
});
