import { parseDuration } from '../domain/index.js';
import type { CompiledRule, RuleCondition, SiteContext } from './rule-types.js';
import type { RuleInput, WhenInput } from './rule-schema.js';
import { compileSchedule } from './schedule.js';

/** Durations were checked by the schema; this only converts them. */
const ms = (text: string | undefined, fallback = 0): number => (text === undefined ? fallback : (parseDuration(text) ?? fallback));

export function compileCondition(when: WhenInput): RuleCondition {
  if ('hazard' in when) {
    return { kind: 'hazard', hazard: when.hazard, ask: when.ask, minConfidence: when.minConfidence, zoneId: when.zone ?? null, forMs: ms(when.for) };
  }
  switch (when.signal) {
    case 'motion':
      return { kind: 'motion', zoneId: when.zone ?? null, minArea: when.minArea, forMs: ms(when.for) };
    case 'tamper':
      return { kind: 'tamper', tamper: when.kind, forMs: ms(when.for) };
    case 'offline':
      return { kind: 'offline', forMs: ms(when.for) };
  }
}

export function compileRule(rule: RuleInput, when: WhenInput, site: SiteContext, source: CompiledRule['source']): CompiledRule {
  return {
    id: rule.id,
    name: rule.name,
    severity: rule.severity,
    cameras: rule.cameras === '*' ? '*' : [...new Set(rule.cameras)],
    when: compileCondition(when),
    cooldownMs: ms(rule.cooldown),
    clearAfterMs: ms(rule.clearAfter),
    schedule: rule.schedule ? compileSchedule(rule.schedule, site.timezone) : null,
    notify: [...new Set(rule.notify)],
    enabled: rule.enabled,
    source,
  };
}
