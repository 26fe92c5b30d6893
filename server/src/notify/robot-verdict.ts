import type { Alert } from '../domain/index.js';
import type { HazardQuestion } from '../reasoning/cosmos/index.js';
import type { HazardVerdict } from '../reasoning/cosmos/index.js';
import type { CompiledRule } from '../rules/index.js';
import type { RobotStatus } from '../contracts/index.js';

/** A pixel rule states no confidence of its own; a robot's verdict needs at least this much to count. */
export const DEFAULT_ROBOT_MIN_CONFIDENCE = 0.6;

export interface RobotQuestion {
  question: HazardQuestion;
  minConfidence: number;
}

/**
 * What the robot's frame is asked: the hazard rule's own question, or for a pixel rule (motion, tamper) a
 * plain question built from the rule's name. Zones are left out: the robot's camera does not see the
 * fixed camera's picture, so its polygons mean nothing there.
 */
export function robotQuestionFor(alert: Pick<Alert, 'ruleId' | 'ruleName' | 'observation'>, rule: CompiledRule | null): RobotQuestion {
  if (rule?.when.kind === 'hazard') {
    return { question: { hazard: rule.when.hazard, ask: rule.when.ask, zones: [] }, minConfidence: rule.when.minConfidence };
  }
  const hazard = alert.observation?.hazard ?? alert.ruleId;
  return { question: { hazard, ask: `Is there still: ${alert.ruleName}?`, zones: [] }, minConfidence: DEFAULT_ROBOT_MIN_CONFIDENCE };
}

export type RobotFrameCheck =
  | { ok: true; verdict: HazardVerdict; modelId: string }
  | { ok: false; error: string };

export type RobotOutcome =
  | { kind: 'present'; note: string }
  | { kind: 'absent'; note: string }
  | { kind: 'no_verdict'; note: string };

/** The model's answer on a robot frame, as the alert's timeline tells it. */
export function robotOutcome(check: RobotFrameCheck, minConfidence: number): RobotOutcome {
  if (!check.ok) return { kind: 'no_verdict', note: `no verdict on the robot's frame: ${check.error}` };
  const { verdict, modelId } = check;
  const said = `${verdict.reason || 'no reason given'} (${modelId}, confidence ${verdict.confidence.toFixed(2)})`;
  if (verdict.confidence < minConfidence) {
    return { kind: 'no_verdict', note: `no verdict on the robot's frame: the model is unsure (${verdict.present ? 'there' : 'not there'}): ${said}` };
  }
  return verdict.present
    ? { kind: 'present', note: `still there per robot: ${said}` }
    : { kind: 'absent', note: `cleared by robot: no longer there: ${said}` };
}

const STATUS_WORDS: Record<RobotStatus, string> = {
  accepted: 'mission accepted',
  en_route: 'on the way',
  arrived: 'arrived at the location',
  observation: 'sent an observation',
  completed: 'mission completed',
  failed: 'mission failed',
};

/** One robot report as a timeline note: "arrived at the location (mission 3f2…): by the dock door". */
export function robotStatusNote(status: RobotStatus, missionId: string, note: string | undefined): string {
  const text = `${STATUS_WORDS[status]} (mission ${missionId})`;
  return note?.trim() ? `${text}: ${note.trim()}` : text;
}
