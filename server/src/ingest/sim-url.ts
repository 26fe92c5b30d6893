import { VigilError } from '../domain/index.js';

export const SIM_SCENES = ['intrusion', 'dark', 'idle', 'pattern'] as const;
export type SimSceneName = (typeof SIM_SCENES)[number];

/** Parameters of a synthetic camera, from `sim://NAME?period=10&duration=5&size=640x360&fps=15`. */
export interface SimParams {
  /** Seconds between two events (worker entering, blackout). */
  period: number;
  /** Seconds an event lasts: the worker's stay in the restricted area, or the blackout. */
  duration: number;
  width: number;
  height: number;
  fps: number;
}

export interface SimSource {
  scene: SimSceneName;
  params: SimParams;
}

const DEFAULTS: Record<SimSceneName, { period: number; duration: number }> = {
  intrusion: { period: 30, duration: 8 },
  dark: { period: 60, duration: 10 },
  idle: { period: 60, duration: 0 },
  pattern: { period: 60, duration: 0 },
};
const DEFAULT_SIZE = { width: 640, height: 360 };
const DEFAULT_FPS = 15;
const KNOWN_PARAMS = new Set(['period', 'duration', 'size', 'fps']);

const isScene = (name: string): name is SimSceneName => (SIM_SCENES as readonly string[]).includes(name);

/** Parses a `sim://` camera URL; throws VigilError('invalid_config') for unknown scenes or bad parameters. */
export function parseSimUrl(url: string): SimSource {
  const match = /^sim:\/\/([a-z0-9-]+)\/?(?:\?(.*))?$/i.exec(url);
  const scene = match?.[1]?.toLowerCase() ?? '';
  if (!match || !isScene(scene)) {
    throw new VigilError('invalid_config', `unknown sim scene in ${url}: expected one of ${SIM_SCENES.join(', ')}`);
  }
  const query = new URLSearchParams(match[2] ?? '');
  for (const key of query.keys()) {
    if (!KNOWN_PARAMS.has(key)) throw new VigilError('invalid_config', `unknown sim parameter "${key}" in ${url}`);
  }
  const defaults = DEFAULTS[scene];
  const period = numberParam(query, 'period', defaults.period, 1, 86_400, url);
  const duration = numberParam(query, 'duration', Math.min(defaults.duration, period / 2), 0, period, url);
  const fps = numberParam(query, 'fps', DEFAULT_FPS, 1, 60, url);
  const { width, height } = sizeParam(query.get('size'), url);
  return { scene, params: { period, duration, width, height, fps } };
}

function numberParam(query: URLSearchParams, key: string, fallback: number, min: number, max: number, url: string): number {
  const raw = query.get(key);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < min || value > max) {
    throw new VigilError('invalid_config', `sim parameter ${key}=${raw} in ${url} must be a number from ${min} to ${max}`);
  }
  return value;
}

function sizeParam(raw: string | null, url: string): { width: number; height: number } {
  if (raw === null) return DEFAULT_SIZE;
  const match = /^(\d{2,4})x(\d{2,4})$/.exec(raw);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (!match || width < 64 || height < 64 || width > 3840 || height > 2160 || width % 2 || height % 2) {
    throw new VigilError('invalid_config', `sim parameter size=${raw} in ${url} must be WIDTHxHEIGHT, even, 64x64 to 3840x2160`);
  }
  return { width, height };
}
