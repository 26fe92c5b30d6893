import type { Point, Severity, TamperKind } from '../domain/index.js';

/** What rule packs are checked against, and what the evaluator names things by. */
export interface SiteContext {
  cameras: { id: string; name?: string; zones: { id: string; name?: string; polygon?: readonly Point[] }[] }[];
  /** Channels that exist, written as rules refer to them: "email:ehs", "webhook:ops", "robot:patrol-1". */
  channels: string[];
  /** IANA timezone of the site; the default for rule schedules. */
  timezone: string;
}

/** One problem in a rule pack, where it is. Line and column are 1-based. */
export interface RuleError {
  file: string;
  line: number;
  column: number;
  message: string;
}

export type RuleKind = 'motion' | 'tamper' | 'offline' | 'hazard';

export type RuleCondition =
  | { kind: 'motion'; zoneId: string | null; minArea: number; forMs: number }
  | { kind: 'tamper'; tamper: TamperKind | 'any'; forMs: number }
  | { kind: 'offline'; forMs: number }
  /** Asked of the reasoner; its observations come back as hazard signals. */
  | { kind: 'hazard'; hazard: string; ask: string; minConfidence: number; zoneId: string | null; forMs: number };

/** When a rule may fire, in its own timezone. Days: 0 = Sunday … 6 = Saturday. */
export interface CompiledSchedule {
  days: number[];
  /** Minutes after local midnight; an end before the start wraps past midnight. */
  startMinute: number;
  endMinute: number;
  timezone: string;
}

export interface CompiledRule {
  id: string;
  name: string;
  severity: Severity;
  cameras: string[] | '*';
  when: RuleCondition;
  cooldownMs: number;
  clearAfterMs: number;
  schedule: CompiledSchedule | null;
  notify: string[];
  enabled: boolean;
  /** Where the rule is written, for messages and the dashboard. */
  source: { file: string; line: number; column: number };
}

export const appliesToCamera = (rule: CompiledRule, cameraId: string): boolean =>
  rule.cameras === '*' || rule.cameras.includes(cameraId);
