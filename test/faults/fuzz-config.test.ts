import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYamlData, stringify } from 'yaml';
import { formatSourceError, parseSiteConfig, type SiteConfig } from '../../server/src/config/index.js';
import { configCameras, siteContextOf } from '../../server/src/pipeline/site-context.js';
import { validateRulePack } from '../../server/src/rules/index.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SITE_FILE = 'vigil.yaml';
const SITE_TEXT = readFileSync(join(ROOT, SITE_FILE), 'utf8');
const PACKS = readdirSync(join(ROOT, 'rules'))
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => ({ file: `rules/${name}`, text: readFileSync(join(ROOT, 'rules', name), 'utf8') }));
const ENV = { DOCK1_PASSWORD: 'pw', SMTP_URL: 'smtp://127.0.0.1:2525', OPS_WEBHOOK_SECRET: 'whsec_abc', FLEET_TOKEN: 'tok' };
const RUNS = Number(process.env.FAULT_FUZZ_RUNS ?? 400);
const SEED = Number(process.env.FAULT_FUZZ_SEED ?? 20260801);

/** A result is either valid or a non-empty list of file:line:column errors; nothing else, and never a throw. */
interface Located {
  file: string;
  line: number;
  column: number;
  message: string;
}
function expectClearErrors(file: string, errors: readonly Located[], lineCount: number): void {
  expect(errors.length).toBeGreaterThan(0);
  for (const error of errors) {
    expect(error.file).toBe(file);
    expect(Number.isInteger(error.line) && error.line >= 1 && error.line <= lineCount + 1, JSON.stringify(error)).toBe(true);
    expect(Number.isInteger(error.column) && error.column >= 1, JSON.stringify(error)).toBe(true);
    expect(typeof error.message === 'string' && error.message.trim().length > 0, JSON.stringify(error)).toBe(true);
    expect(formatSourceError(error)).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:\\d+: \\S`));
  }
}

const oddText = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('', '~', 'null', '-1', '1e309', 'NaN', '.inf', '0x1f', 'yes', '2s', '-5m', '99999999999999999999h', '🦺👷‍♀️', 'Straße', '\u202e', '\t', '"', "'", '&a', '*a', '!!binary', '{', '[', ']', '}', ': :', '- -', '|', '>', '%YAML 1.1', '${UNSET_VARIABLE}', '${DOCK1_PASSWORD}', 'x'.repeat(5000)),
);
const wrongValue = fc.oneof(
  oddText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.integer(), { maxKeys: 3 }),
);

/** Text mutations: lines deleted, duplicated, swapped, re-indented; odd text put anywhere; truncation. */
const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat() }),
  fc.record({ kind: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: oddText }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);
type TextMutation = typeof textMutation extends fc.Arbitrary<infer T> ? T : never;

function applyText(text: string, mutations: readonly TextMutation[]): string {
  let lines = text.split('\n');
  for (const m of mutations) {
    const i = m.at % Math.max(1, lines.length);
    if (m.kind === 'delete') lines.splice(i, 1);
    else if (m.kind === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    else if (m.kind === 'swap') {
      const j = m.other % Math.max(1, lines.length);
      [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    } else if (m.kind === 'indent') lines[i] = m.by >= 0 ? ' '.repeat(m.by) + (lines[i] ?? '') : (lines[i] ?? '').slice(-m.by);
    else if (m.kind === 'insert') {
      const line = lines[i] ?? '';
      const col = m.at % (line.length + 1);
      lines[i] = line.slice(0, col) + m.text + line.slice(col);
    } else lines = lines.join('\n').slice(0, m.at % (text.length + 1)).split('\n');
  }
  return lines.join('\n');
}

/** Structure mutations on the parsed document: keys removed, renamed, duplicated under new names, values of the wrong type. */
const treeMutation = fc.record({ pick: fc.nat(), kind: fc.constantFrom('delete', 'wrong-type', 'rename', 'copy'), value: wrongValue, name: oddText });
type TreeMutation = typeof treeMutation extends fc.Arbitrary<infer T> ? T : never;

function containers(value: unknown, out: Array<Record<string, unknown> | unknown[]> = []): Array<Record<string, unknown> | unknown[]> {
  if (value !== null && typeof value === 'object') {
    out.push(value as Record<string, unknown>);
    for (const child of Object.values(value)) containers(child, out);
  }
  return out;
}

function applyTree(data: unknown, mutations: readonly TreeMutation[]): unknown {
  const copy = structuredClone(data);
  for (const m of mutations) {
    const all = containers(copy);
    const target = all[m.pick % all.length]!;
    const keys = Object.keys(target);
    if (keys.length === 0) continue;
    const key = keys[m.pick % keys.length]!;
    const record = target as Record<string, unknown>;
    if (m.kind === 'delete') {
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete record[key];
    } else if (m.kind === 'wrong-type') record[key] = m.value;
    else if (m.kind === 'rename' && !Array.isArray(target)) {
      record[m.name] = record[key];
      delete record[key];
    } else if (m.kind === 'copy' && !Array.isArray(target)) record[`${key}${m.name}`] = structuredClone(record[key]);
  }
  return copy;
}

const demoSite = (): SiteConfig => {
  const parsed = parseSiteConfig(SITE_FILE, SITE_TEXT, ENV);
  if (!parsed.ok) throw new Error(`the demo vigil.yaml does not parse: ${parsed.errors.map(formatSourceError).join('\n')}`);
  return parsed.config;
};

describe('vigil.yaml under mutation', () => {
  it('the demo file itself is valid', () => {
    expect(demoSite().cameras.length).toBeGreaterThan(0);
  });

  it(`text mutations (${RUNS} runs): a valid config or file:line:column errors, never a throw`, () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.array(textMutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const text = applyText(SITE_TEXT, mutations);
        const result = parseSiteConfig(SITE_FILE, text, ENV);
        if (!result.ok) {
          invalid += 1;
          expectClearErrors(SITE_FILE, result.errors, text.split('\n').length);
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    console.info(`vigil.yaml text mutations: ${RUNS} tried, ${invalid} rejected with located errors, ${RUNS - invalid} still valid`);
  });

  it(`structure mutations (${RUNS} runs): a valid config or file:line:column errors, never a throw`, () => {
    const original = parseYamlData(SITE_TEXT);
    let invalid = 0;
    fc.assert(
      fc.property(fc.array(treeMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
        const text = stringify(applyTree(original, mutations));
        const result = parseSiteConfig(SITE_FILE, text, ENV);
        if (!result.ok) {
          invalid += 1;
          expectClearErrors(SITE_FILE, result.errors, text.split('\n').length);
        }
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    console.info(`vigil.yaml structure mutations: ${RUNS} tried, ${invalid} rejected with located errors`);
  });
});

describe('rule packs under mutation', () => {
  const site = () => {
    const config = demoSite();
    return siteContextOf(config, configCameras(config));
  };

  it('the repository packs are valid against the demo site', () => {
    for (const pack of PACKS) expect(validateRulePack(pack.file, pack.text, site()).errors, pack.file).toEqual([]);
  });

  for (const pack of PACKS) {
    it(`${pack.file}: text and structure mutations (${RUNS} runs each) give rules or located errors, never a throw`, () => {
      const context = site();
      let invalid = 0;
      fc.assert(
        fc.property(fc.array(textMutation, { minLength: 1, maxLength: 6 }), (mutations) => {
          const text = applyText(pack.text, mutations);
          const result = validateRulePack(pack.file, text, context);
          if (result.errors.length > 0) {
            invalid += 1;
            expect(result.rules).toEqual([]);
            expectClearErrors(pack.file, result.errors, text.split('\n').length);
          }
        }),
        { seed: SEED + 2, numRuns: RUNS },
      );
      const original = parseYamlData(pack.text);
      fc.assert(
        fc.property(fc.array(treeMutation, { minLength: 1, maxLength: 4 }), (mutations) => {
          const text = stringify(applyTree(original, mutations));
          const result = validateRulePack(pack.file, text, context);
          if (result.errors.length > 0) {
            invalid += 1;
            expect(result.rules).toEqual([]);
            expectClearErrors(pack.file, result.errors, text.split('\n').length);
          }
        }),
        { seed: SEED + 3, numRuns: RUNS },
      );
      console.info(`${pack.file} mutations: ${2 * RUNS} tried, ${invalid} rejected with located errors`);
    });
  }
});
