import type { AlertDto, RuleDto, RulePackDto } from '../api/contracts.js';
import { isActive } from './severity.js';

const text = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);
const percent = (v: unknown): string | null => (typeof v === 'number' ? `${Math.round(v * 1000) / 10}%` : null);

const TAMPER_KIND: Record<string, string> = {
  covered: 'is covered or blacked out',
  defocused: 'is out of focus',
  moved: 'was turned away',
  any: 'is covered, out of focus or turned away',
};

/** A rule's `when` as a sentence a safety officer can check at a glance. */
export function describeCondition(when: Record<string, unknown>): string {
  const forText = text(when.for);
  const held = forText ? ` for ${forText}` : '';
  const zone = text(when.zone);
  if (typeof when.hazard === 'string') {
    const ask = text(when.ask);
    const confidence = typeof when.minConfidence === 'number' ? ` with confidence ≥ ${when.minConfidence}` : '';
    const where = zone ? ` in zone ${zone}` : '';
    return `The model sees hazard "${when.hazard}"${where}${confidence}${held}${ask ? ` (asked: "${ask}")` : ''}`;
  }
  switch (when.signal) {
    case 'motion': {
      const area = percent(when.minArea);
      const where = zone ? `of zone ${zone}` : 'of the frame';
      return `Motion over ${area ? `at least ${area}` : 'part'} ${where}${held}`;
    }
    case 'tamper':
      return `The camera ${TAMPER_KIND[text(when.kind) ?? 'any'] ?? `shows tampering (${text(when.kind)})`}${held}`;
    case 'offline':
      return `The camera sends nothing${held}`;
    default:
      return JSON.stringify(when);
  }
}

export const isHazardRule = (rule: RuleDto): boolean => typeof rule.when.hazard === 'string';

export function appliesToCamera(rule: RuleDto, cameraId: string): boolean {
  return rule.cameras === '*' || rule.cameras.includes(cameraId);
}

export function describeCameras(rule: RuleDto): string {
  return rule.cameras === '*' ? 'All cameras' : rule.cameras.join(', ') || 'No camera';
}

export const allRules = (packs: readonly RulePackDto[]): RuleDto[] => packs.flatMap((pack) => pack.rules);

/** Rules that watch zone `zoneId` on camera `cameraId`. */
export function rulesUsingZone(packs: readonly RulePackDto[], cameraId: string, zoneId: string): RuleDto[] {
  return allRules(packs).filter((rule) => rule.when.zone === zoneId && appliesToCamera(rule, cameraId));
}

export function tamperRuleIds(packs: readonly RulePackDto[]): Set<string> {
  return new Set(allRules(packs).filter((rule) => rule.when.signal === 'tamper').map((rule) => rule.id));
}

/** Cameras with an open or acknowledged alert from a tamper rule. */
export function tamperedCameras(alerts: Iterable<AlertDto>, tamperRules: ReadonlySet<string>): Set<string> {
  const cameras = new Set<string>();
  for (const alert of alerts) if (isActive(alert.status) && tamperRules.has(alert.ruleId)) cameras.add(alert.cameraId);
  return cameras;
}
