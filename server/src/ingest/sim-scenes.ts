import type { Point } from '../domain/index.js';
import type { SimParams, SimSource } from './sim-url.js';

/**
 * Synthetic cameras as lavfi filter graphs (one output pad, `out0`), paced in real time by `-re`.
 * Every scene shares one backdrop: a gray, lightly textured hall with shelving on the left and a robot
 * cell on the right whose floor is the restricted area marked in yellow (SIM_RESTRICTED_ZONE).
 */

/** The restricted area drawn in the sim scenes, in normalised image coordinates (x right, y down). */
export const SIM_RESTRICTED_ZONE: Point[] = [
  [0.62, 0.5],
  [0.95, 0.5],
  [0.95, 0.95],
  [0.62, 0.95],
];

/** When, within each period, the worker of `sim://intrusion` appears, stands in the zone and leaves (seconds). */
export interface IntrusionTimeline {
  period: number;
  /** The worker becomes visible, outside the zone, and starts walking in. */
  enterAt: number;
  walkSeconds: number;
  /** The worker is inside the restricted area from here… */
  inZoneFrom: number;
  /** …until here, then walks back out. */
  inZoneUntil: number;
  /** The worker is gone. */
  goneAt: number;
}

export function intrusionTimeline(params: Pick<SimParams, 'period' | 'duration'>): IntrusionTimeline {
  const period = params.period;
  const walkSeconds = round(Math.min(2, period * 0.1));
  const stay = Math.min(params.duration, period - 2 * walkSeconds);
  const enterAt = round(Math.min(5, Math.max(0, period - 2 * walkSeconds - stay) / 2));
  const inZoneFrom = round(enterAt + walkSeconds);
  const inZoneUntil = round(inZoneFrom + stay);
  return { period, enterAt, walkSeconds, inZoneFrom, inZoneUntil, goneAt: round(inZoneUntil + walkSeconds) };
}

/** The lavfi graph of a sim scene. */
export function simSceneGraph(source: SimSource): string {
  const { params } = source;
  switch (source.scene) {
    case 'intrusion':
      return intrusionGraph(params);
    case 'dark':
      return darkGraph(params);
    case 'idle':
      return `${backdrop(params)},${sensorNoise()}[out0]`;
    case 'pattern':
      // Fine detail everywhere (ffmpeg's test card under strong grain): what blurring or compression takes away shows.
      return `testsrc2=s=${params.width}x${params.height}:r=${params.fps},format=yuv420p,noise=alls=40:allf=u[out0]`;
  }
}

function backdrop({ width, height, fps }: SimParams): string {
  const box = (x: number, y: number, w: number, h: number, color: string, thickness: string) =>
    `drawbox=x=iw*${x}:y=ih*${y}:w=iw*${w}:h=ih*${h}:c=${color}:t=${thickness}`;
  const [zoneLeft, zoneTop] = SIM_RESTRICTED_ZONE[0] ?? [0.62, 0.5];
  const [zoneRight, zoneBottom] = SIM_RESTRICTED_ZONE[2] ?? [0.95, 0.95];
  return [
    `color=c=0x6b6b6b:s=${width}x${height}:r=${fps}`,
    'format=yuv420p',
    box(0, 0.45, 1, 0.55, '0x575757', 'fill'),
    box(0.04, 0.1, 0.22, 0.5, '0x3c3c3c', 'fill'),
    box(0.04, 0.25, 0.22, 0.02, '0x8c8c8c', 'fill'),
    box(0.04, 0.42, 0.22, 0.02, '0x8c8c8c', 'fill'),
    box(0.7, 0.14, 0.18, 0.3, '0x7a6230', 'fill'),
    box(zoneLeft, zoneTop, round(zoneRight - zoneLeft), round(zoneBottom - zoneTop), '0xffd000', '4'),
    'noise=alls=14:allf=u',
  ].join(',');
}

/** Faint per-frame noise, as a real sensor has; the pixel gate must not take it for motion. */
const sensorNoise = (): string => 'noise=alls=3:allf=t+u';

function intrusionGraph(params: SimParams): string {
  const { width, height, fps, period } = params;
  const t = intrusionTimeline(params);
  const workerW = even(width * 0.05);
  const workerH = even(height * 0.28);
  const xOut = Math.round(width * 0.3);
  const xIn = Math.round(width * 0.76);
  const swayPx = Math.max(2, Math.round(width * 0.012));
  const phase = `mod(t\\,${period})`;
  const walkIn = `clip((${phase}-${t.enterAt})/${t.walkSeconds}\\,0\\,1)`;
  const walkOut = `clip((${phase}-${t.inZoneUntil})/${t.walkSeconds}\\,0\\,1)`;
  const x = `${xOut}+${xIn - xOut}*(${walkIn}-${walkOut})+${swayPx}*sin(2*PI*t/1.6)`;
  const y = `${Math.round(height * 0.88) - workerH}+${Math.max(1, Math.round(height * 0.006))}*sin(2*PI*t/0.8)`;
  const enable = `between(${phase}\\,${t.enterAt}\\,${t.goneAt})`;
  // Dark trousers, a high-visibility vest and a white hard hat: strong contrast, as on a real site.
  const worker = [
    `color=c=0x1d2a44:s=${workerW}x${workerH}:r=${fps}`,
    'format=yuv420p',
    'drawbox=x=0:y=0:w=iw:h=ih*0.14:c=0xf2f2f2:t=fill',
    'drawbox=x=0:y=ih*0.18:w=iw:h=ih*0.4:c=0xd8f018:t=fill',
  ].join(',');
  return `${backdrop(params)}[bg];${worker}[worker];[bg][worker]overlay=x='${x}':y='${y}':eval=frame:enable='${enable}',${sensorNoise()}[out0]`;
}

function darkGraph(params: SimParams): string {
  const { period, duration } = params;
  const blackout = `drawbox=c=black:t=fill:enable='gte(mod(t\\,${period})\\,${period - duration})'`;
  return `${backdrop(params)},${blackout},${sensorNoise()}[out0]`;
}

const even = (value: number): number => Math.max(2, 2 * Math.round(value / 2));
const round = (value: number): number => Math.round(value * 1000) / 1000;
