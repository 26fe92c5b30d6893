import type { Severity } from '../domain/index.js';
import type { CompiledRule, RuleError, RuleKind, SiteContext } from './rule-types.js';
import { validateRulePack } from './validate-rule-pack.js';

export interface RuleInfo {
  id: string;
  name: string;
  severity: Severity;
  cameras: string[] | '*';
  kind: RuleKind;
  enabled: boolean;
  /** Hazard rules wait for the reasoning stage; pixel rules run now. */
  waitingFor: 'reasoning' | null;
}

export interface RulePackInfo {
  file: string;
  rules: RuleInfo[];
  /** Errors of the latest text of the file; the rules above are the last good version. */
  errors: RuleError[];
  /** When the running version was loaded; null if the file never loaded cleanly. */
  loadedAt: number | null;
}

interface PackEntry {
  latestText: string;
  good: { rules: CompiledRule[]; loadedAt: number } | null;
  errors: RuleError[];
}

/**
 * The rule packs in force, one per file. A file's rules are replaced only by a version that validates;
 * a bad version is reported and the running rules stay.
 */
export class RulePackSet {
  private readonly entries = new Map<string, PackEntry>();

  constructor(private site: SiteContext) {}

  /** Loads (or reloads) one file. Returns that file's errors; empty when its new version is running. */
  load(file: string, text: string, now = Date.now()): RuleError[] {
    const entry = this.entries.get(file) ?? { latestText: text, good: null, errors: [] };
    entry.latestText = text;
    this.entries.set(file, entry);
    this.validate(file, entry, now);
    this.retryFailed(file, now);
    return entry.errors;
  }

  /** Forgets a file (deleted from the folder); returns whether it was known. */
  remove(file: string, now = Date.now()): boolean {
    const known = this.entries.delete(file);
    if (known) this.retryFailed(file, now);
    return known;
  }

  /** The site changed (cameras, zones, channels): every file is checked again against it. */
  setSite(site: SiteContext, now = Date.now()): void {
    this.site = site;
    for (const [file, entry] of this.sortedEntries()) this.validate(file, entry, now);
  }

  files(): string[] {
    return this.sortedEntries().map(([file]) => file);
  }

  rules(): CompiledRule[] {
    return this.sortedEntries().flatMap(([, entry]) => entry.good?.rules ?? []);
  }

  errors(): RuleError[] {
    return this.sortedEntries().flatMap(([, entry]) => entry.errors);
  }

  packs(): RulePackInfo[] {
    return this.sortedEntries().map(([file, entry]) => ({
      file,
      rules: (entry.good?.rules ?? []).map(describeRule),
      errors: entry.errors,
      loadedAt: entry.good?.loadedAt ?? null,
    }));
  }

  private validate(file: string, entry: PackEntry, now: number): void {
    const result = validateRulePack(file, entry.latestText, this.site, { takenIds: this.idsOutside(file) });
    entry.errors = result.errors;
    if (result.errors.length === 0) entry.good = { rules: result.rules, loadedAt: now };
  }

  /** A file may have failed only because of another one (a duplicate id); try those again. */
  private retryFailed(changedFile: string, now: number): void {
    for (const [file, entry] of this.sortedEntries()) {
      if (file !== changedFile && entry.errors.length > 0) this.validate(file, entry, now);
    }
  }

  private idsOutside(file: string): Map<string, string> {
    const ids = new Map<string, string>();
    for (const [other, entry] of this.entries) {
      if (other === file) continue;
      for (const rule of entry.good?.rules ?? []) ids.set(rule.id, other);
    }
    return ids;
  }

  private sortedEntries(): [string, PackEntry][] {
    return [...this.entries].sort(([a], [b]) => a.localeCompare(b));
  }
}

export function describeRule(rule: CompiledRule): RuleInfo {
  return {
    id: rule.id,
    name: rule.name,
    severity: rule.severity,
    cameras: rule.cameras,
    kind: rule.when.kind,
    enabled: rule.enabled,
    waitingFor: rule.when.kind === 'hazard' ? 'reasoning' : null,
  };
}
