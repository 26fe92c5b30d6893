import type { Box, Observation } from './observation.js';
import type { Severity } from './severity.js';

/**
 * The evaluator's output for one (rule, camera): `onset` when the condition has held for `for`,
 * `update` while it keeps holding, `clear` once it stops.
 */
export interface RuleHit {
  phase: 'onset' | 'update' | 'clear';
  ruleId: string;
  ruleName: string;
  severity: Severity;
  cameraId: string;
  zoneId: string | null;
  ts: number;
  /** When the condition started holding (onset time minus `for`). */
  since: number;
  value: number;
  summary: string;
  notify: string[];
  boxes?: Box[];
  /** Hazard rules: the latest observation that held (boxes, reasoning, model, prompt hash, frames). */
  observation?: Observation;
}
