import { redactText, type TamperKind } from '../domain/index.js';
import type { CompiledRule, SiteContext } from './rule-types.js';

/** Names of cameras and zones, for sentences a person reads. Falls back to ids. */
export class SiteNames {
  private readonly cameras = new Map<string, string>();
  private readonly zones = new Map<string, string>();

  constructor(site: SiteContext) {
    for (const camera of site.cameras) {
      this.cameras.set(camera.id, camera.name ?? camera.id);
      for (const zone of camera.zones) this.zones.set(`${camera.id}/${zone.id}`, zone.name ?? zone.id);
    }
  }

  camera(cameraId: string): string {
    return this.cameras.get(cameraId) ?? cameraId;
  }

  zone(cameraId: string, zoneId: string): string {
    return this.zones.get(`${cameraId}/${zoneId}`) ?? zoneId;
  }
}

/** "2 s", "45 s", "3 min", "1 h 5 min" */
export function humanDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${rest} min`;
}

export const percent = (fraction: number): string => {
  const p = fraction * 100;
  if (p > 0 && p < 1) return '<1%';
  return `${Math.round(p)}%`;
};

const TAMPER_WORDS: Record<TamperKind, string> = {
  covered: 'covered',
  defocused: 'out of focus',
  moved: 'moved off its view',
};

export interface SummaryInput {
  rule: CompiledRule;
  cameraId: string;
  /** Motion: the changed fraction; hazard: the model's confidence; others: 1. */
  value: number;
  heldMs: number;
  tamper: TamperKind | null;
  reason: string | null;
  cleared: boolean;
}

/** One line a safety officer reads, e.g. "Motion in Robot cell (12% of zone) for 2 s". */
export function summarize(input: SummaryInput, names: SiteNames): string {
  const { rule, cameraId, value, heldMs, cleared } = input;
  const camera = names.camera(cameraId);
  const held = `for ${humanDuration(heldMs)}`;
  const tail = cleared ? ', cleared' : '';
  switch (rule.when.kind) {
    case 'motion': {
      const peak = cleared ? 'peak ' : '';
      const where = rule.when.zoneId
        ? `Motion in ${names.zone(cameraId, rule.when.zoneId)} (${peak}${percent(value)} of zone)`
        : `Motion on ${camera} (${peak}${percent(value)} of frame)`;
      return `${where} ${held}${tail}`;
    }
    case 'tamper': {
      const how = input.tamper ? TAMPER_WORDS[input.tamper] : 'tampered with';
      return `Camera ${camera} ${how} ${held}${tail}`;
    }
    case 'offline': {
      const reason = input.reason ? ` (${redactText(input.reason)})` : '';
      return `Camera ${camera} offline ${held}${reason}${tail}`;
    }
    case 'hazard': {
      const where = rule.when.zoneId ? ` in ${names.zone(cameraId, rule.when.zoneId)}` : '';
      const sure = value > 0 ? ` (model ${cleared ? 'peak ' : ''}${percent(value)} sure)` : '';
      return `${rule.name} on ${camera}${where}${sure} ${held}${tail}`;
    }
  }
}
