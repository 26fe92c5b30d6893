import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import type { AuditEntryInput } from '../audit/audit-log.js';
import { canonicalJson } from '../audit/canonical-json.js';
import type { RuleSetUpdate } from '../rules/rules-folder.adapter.js';

/**
 * The audit entries a rule set update owes, given what was recorded last: `rules.reload` when the running rules
 * changed (the pack files and the hash of the running rule set), `rules.rejected` when packs newly have errors.
 * The same update seen again (a camera change re-reports the rules) owes nothing.
 */
export function rulesAuditEntries(update: RuleSetUpdate, last: RulesAuditState | null): { entries: AuditEntryInput[]; state: RulesAuditState } {
  // Where a rule is written (absolute path, line) is left out: the hash changes when what runs changes.
  const running = update.rules.map((rule) => ({ ...rule, source: basename(rule.source.file) }));
  const hash = createHash('sha256').update(canonicalJson(running)).digest('hex');
  const failing = update.packs.filter((pack) => pack.errors.length > 0);
  const errorsKey = createHash('sha256').update(canonicalJson(failing.map((pack) => ({ file: pack.file, errors: pack.errors })))).digest('hex');
  const entries: AuditEntryInput[] = [];
  if (hash !== last?.hash) {
    const files = update.packs.filter((pack) => pack.loadedAt !== null).map((pack) => basename(pack.file));
    entries.push({ actor: 'system', action: 'rules.reload', targetType: 'rules', targetId: null, details: { files, rules: update.rules.length, hash } });
  }
  if (failing.length > 0 && errorsKey !== last?.errorsKey) {
    entries.push({
      actor: 'system',
      action: 'rules.rejected',
      targetType: 'rules',
      targetId: null,
      details: { files: failing.map((pack) => basename(pack.file)), errors: update.errors.length },
    });
  }
  return { entries, state: { hash, errorsKey } };
}

export interface RulesAuditState {
  hash: string;
  errorsKey: string;
}
