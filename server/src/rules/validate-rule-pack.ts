import { LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { CompiledRule, RuleError, SiteContext } from './rule-types.js';
import { ruleSchema, whenSchemaFor, type RuleInput, type WhenInput } from './rule-schema.js';
import { compileRule } from './compile-rule.js';
import { checkAgainstSite } from './site-checks.js';
import { formatPath, locate, valueAt, type PathSegment } from '../config/yaml-locate.js';

export interface ValidateOptions {
  /** Rule ids already defined by other packs, and the file that defines each. */
  takenIds?: ReadonlyMap<string, string>;
}

export interface RulePackResult {
  /** Empty whenever `errors` is not: a pack is used whole or not at all. */
  rules: CompiledRule[];
  errors: RuleError[];
}

const packShape = z.strictObject({ rules: z.array(z.unknown(), { error: 'expected a list of rules' }) });

/** Collects errors with their place in the source. */
export class ErrorReport {
  readonly errors: RuleError[] = [];

  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lineCounter: LineCounter,
    private readonly data: unknown,
  ) {}

  add(path: readonly PathSegment[], message: string, at: 'value' | 'key' = 'value'): void {
    const { line, column } = locate(this.doc, this.lineCounter, path, at);
    const field = formatPath(path);
    this.errors.push({ file: this.file, line, column, message: field ? `${field}: ${message}` : message });
  }

  position(path: readonly PathSegment[]): { line: number; column: number } {
    return locate(this.doc, this.lineCounter, path);
  }

  zodIssues(issues: readonly z.core.$ZodIssue[], base: readonly PathSegment[]): void {
    for (const issue of issues) {
      const path = [...base, ...(issue.path as PathSegment[])];
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) this.add([...path, key], 'unknown key', 'key');
        continue;
      }
      const value = valueAt(this.data, path);
      if (value === undefined && issue.code === 'invalid_type') {
        this.add(path, 'required');
        continue;
      }
      const got = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? ` (got ${JSON.stringify(value)})` : '';
      this.add(path, `${issue.message}${got}`);
    }
  }
}

/**
 * Parses and checks one rule pack: YAML syntax, the schema, duplicate ids (in the file and against
 * `takenIds`), and camera, zone and channel ids against the site. Every error carries file, line and column.
 */
export function validateRulePack(file: string, text: string, site: SiteContext, options: ValidateOptions = {}): RulePackResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => {
      const pos = lineCounter.linePos(e.pos[0]);
      return { file, line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` };
    });
    return { rules: [], errors };
  }
  const data: unknown = doc.toJS();
  const report = new ErrorReport(file, doc, lineCounter, data);
  if (data === null || data === undefined) {
    report.add([], 'the file is empty; expected "rules:" with a list of rules');
    return { rules: [], errors: report.errors };
  }
  const pack = packShape.safeParse(data);
  if (!pack.success) {
    report.zodIssues(pack.error.issues, []);
    return { rules: [], errors: report.errors };
  }

  const rules: CompiledRule[] = [];
  const seen = new Map<string, number>();
  pack.data.rules.forEach((raw, index) => {
    const base: PathSegment[] = ['rules', index];
    const rule = ruleSchema.safeParse(raw);
    if (rule.success) checkDuplicate(rule.data, base, seen, options.takenIds, report);
    else report.zodIssues(rule.error.issues, base);
    const when = checkWhen(valueAt(raw, ['when']), [...base, 'when'], report);
    if (!rule.success || !when) return;
    const before = report.errors.length;
    checkAgainstSite(rule.data, when, base, site, report);
    if (report.errors.length > before) return;
    const { line, column } = report.position(base);
    rules.push(compileRule(rule.data, when, site, { file, line, column }));
  });

  if (report.errors.length > 0) {
    report.errors.sort((a, b) => a.line - b.line || a.column - b.column);
    return { rules: [], errors: report.errors };
  }
  return { rules, errors: [] };
}

function checkWhen(raw: unknown, path: PathSegment[], report: ErrorReport): WhenInput | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const schema = whenSchemaFor(raw as Record<string, unknown>);
  if (!schema) {
    report.add([...path, 'signal'], 'expected "signal: motion | tamper | offline" or "hazard: NAME"');
    return null;
  }
  const when = schema.safeParse(raw);
  if (!when.success) {
    report.zodIssues(when.error.issues, path);
    return null;
  }
  return when.data;
}

function checkDuplicate(
  rule: RuleInput,
  base: PathSegment[],
  seen: Map<string, number>,
  takenIds: ReadonlyMap<string, string> | undefined,
  report: ErrorReport,
): void {
  const path = [...base, 'id'];
  const earlierLine = seen.get(rule.id);
  const otherFile = takenIds?.get(rule.id);
  if (earlierLine !== undefined) report.add(path, `duplicate rule id "${rule.id}" (first defined at line ${earlierLine})`);
  else if (otherFile !== undefined && otherFile !== report.file) report.add(path, `duplicate rule id "${rule.id}" (already defined in ${otherFile})`);
  else seen.set(rule.id, report.position(path).line);
}
