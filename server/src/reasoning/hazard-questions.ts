import { appliesToCamera, isInSchedule, type CompiledRule } from '../rules/index.js';
import type { HazardQuestion } from './cosmos/index.js';

export interface CameraForQuestions {
  id: string;
  zones: readonly { id: string; name: string }[];
}

/**
 * The hazards the model is asked about on one camera at `now`: every enabled hazard rule that covers the camera
 * and is in its schedule. Rules asking about the same hazard share one question (the first rule's wording, in
 * pack order) with all their zones, so one call answers them all.
 */
export function hazardQuestionsFor(rules: readonly CompiledRule[], camera: CameraForQuestions, now: number): HazardQuestion[] {
  const byHazard = new Map<string, HazardQuestion>();
  for (const rule of rules) {
    const when = rule.when;
    if (when.kind !== 'hazard' || !rule.enabled || !appliesToCamera(rule, camera.id)) continue;
    if (!isInSchedule(rule.schedule, now)) continue;
    let question = byHazard.get(when.hazard);
    if (!question) {
      question = { hazard: when.hazard, ask: when.ask, zones: [] };
      byHazard.set(when.hazard, question);
    }
    const zone = when.zoneId ? camera.zones.find((z) => z.id === when.zoneId) : undefined;
    if (zone && !question.zones.some((z) => z.id === zone.id)) question.zones.push({ id: zone.id, name: zone.name });
  }
  return [...byHazard.values()];
}
