import { formatDuration } from '../domain/index.js';
import type { RuleCatalog } from '../api/deps.js';
import type { RulePackInfo } from '../contracts/index.js';
import { validateRulePack, type CompiledRule, type RuleCondition, type SiteContext } from '../rules/index.js';
import type { RulesFolder } from '../rules/rules-folder.adapter.js';

/** The loaded packs as the API shows them, and validation of a pack before it is saved. */
export function ruleCatalog(rules: RulesFolder, site: () => SiteContext, reasoningOn: boolean): RuleCatalog {
  return {
    packs: (): RulePackInfo[] => {
      const compiled = rules.packs.rules();
      return rules.packs.packs().map((pack) => ({
        file: pack.file,
        rules: compiled.filter((rule) => rule.source.file === pack.file).map((rule) => toRuleInfo(rule, reasoningOn)),
        errors: pack.errors,
      }));
    },
    validate: (file, text) => {
      const result = validateRulePack(file, text, site());
      return { ok: result.errors.length === 0, errors: result.errors };
    },
  };
}

function toRuleInfo(rule: CompiledRule, reasoningOn: boolean): RulePackInfo['rules'][number] {
  return { id: rule.id, name: rule.name, severity: rule.severity, cameras: rule.cameras, when: describeWhen(rule.when, reasoningOn), notify: rule.notify };
}

function describeWhen(when: RuleCondition, reasoningOn: boolean): Record<string, unknown> {
  const forText = formatDuration(when.forMs);
  switch (when.kind) {
    case 'motion':
      return { signal: 'motion', zone: when.zoneId, minArea: when.minArea, for: forText };
    case 'tamper':
      return { signal: 'tamper', kind: when.tamper, for: forText };
    case 'offline':
      return { signal: 'offline', for: forText };
    case 'hazard':
      return {
        hazard: when.hazard,
        ask: when.ask,
        minConfidence: when.minConfidence,
        zone: when.zoneId,
        for: forText,
        // Said plainly, so nobody mistakes a silent hazard rule for a safe site.
        ...(reasoningOn ? {} : { waitingFor: 'reasoning: no model is configured' }),
      };
  }
}
