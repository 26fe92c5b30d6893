/**
 * The shipped hazard catalogue (rules/hazards.yaml) against the demo site in vigil.yaml, through the real
 * config parser, rule validator and rules-folder loader.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSiteConfigOrThrow } from '../../server/src/config/index.js';
import { configCameras, siteContextOf } from '../../server/src/pipeline/site-context.js';
import { hazardQuestionsFor } from '../../server/src/reasoning/hazard-questions.js';
import { validateRulePack, type CompiledRule, type SiteContext } from '../../server/src/rules/index.js';
import { RulesFolder } from '../../server/src/rules/rules-folder.adapter.js';

const PACK = resolve('rules/hazards.yaml');
const HAZARDS = [
  'no_hard_hat',
  'no_hi_vis_vest',
  'person_in_restricted_zone',
  'forklift_near_pedestrian',
  'blocked_exit',
  'spill_or_leak',
  'smoke_or_fire',
  'person_down',
];

let site: SiteContext;
let rules: CompiledRule[];
let folder: RulesFolder | null = null;

beforeAll(async () => {
  const config = parseSiteConfigOrThrow('vigil.yaml', await readFile(resolve('vigil.yaml'), 'utf8'), {});
  site = siteContextOf(config, configCameras(config));
  const result = validateRulePack(PACK, await readFile(PACK, 'utf8'), site);
  expect(result.errors).toEqual([]);
  rules = result.rules;
});

afterEach(() => {
  folder?.close();
  folder = null;
});

const hazardOf = (rule: CompiledRule) => (rule.when.kind === 'hazard' ? rule.when : null);

describe('the hazard catalogue pack', () => {
  it('has one hazard rule per catalogued hazard, each a yes/no question for the dashboard', () => {
    expect(rules.map((rule) => hazardOf(rule)?.hazard)).toEqual(HAZARDS);
    for (const rule of rules) {
      const when = hazardOf(rule)!;
      expect(when.ask, rule.id).toMatch(/^(Is|Are|Does|Do) .+\?$/);
      expect(when.minConfidence, rule.id).toBeGreaterThanOrEqual(0.5);
      expect(when.minConfidence, rule.id).toBeLessThan(0.9);
      expect(when.forMs, rule.id).toBeGreaterThan(0);
      expect(rule.cooldownMs, rule.id).toBeGreaterThanOrEqual(60_000);
      expect(rule.notify, rule.id).toEqual(['dashboard']);
      expect(rule.enabled, rule.id).toBe(true);
    }
    const critical = rules.filter((rule) => rule.severity === 'critical').map((rule) => hazardOf(rule)!.hazard);
    expect(critical.sort()).toEqual(['forklift_near_pedestrian', 'person_down', 'person_in_restricted_zone', 'smoke_or_fire']);
  });

  it('binds the restricted-zone rule to the demo camera that has the zone, and the rest to every camera', () => {
    const zoned = rules.filter((rule) => hazardOf(rule)?.zoneId);
    expect(zoned.map((rule) => [rule.id, rule.cameras, hazardOf(rule)!.zoneId])).toEqual([['person-in-restricted-zone', ['cell-3'], 'robot-cell']]);
    expect(rules.filter((rule) => rule !== zoned[0]).every((rule) => rule.cameras === '*')).toBe(true);
  });

  it('asks every active hazard in one question list per camera, with the zone named on the cell camera', () => {
    const camera = (id: string) => {
      const found = site.cameras.find((c) => c.id === id)!;
      return { id, zones: found.zones.map((z) => ({ id: z.id, name: z.name ?? z.id })) };
    };
    const cell = hazardQuestionsFor(rules, camera('cell-3'), Date.now());
    expect(cell.map((q) => q.hazard)).toEqual(HAZARDS);
    expect(cell.find((q) => q.hazard === 'person_in_restricted_zone')?.zones).toEqual([{ id: 'robot-cell', name: 'Robot cell' }]);
    expect(hazardQuestionsFor(rules, camera('dock-1'), Date.now()).map((q) => q.hazard)).toEqual(HAZARDS.filter((h) => h !== 'person_in_restricted_zone'));
  });

  it('loads from the rules folder beside the demo packs without errors or clashing ids', async () => {
    folder = new RulesFolder({ dir: resolve('rules'), site });
    const update = await folder.start();
    expect(update.errors).toEqual([]);
    const loaded = update.rules.map((rule) => rule.id);
    for (const rule of rules) expect(loaded).toContain(rule.id);
    expect(new Set(loaded).size).toBe(loaded.length);
  });

  it('is refused on a site without the zone it names', async () => {
    const noCell: SiteContext = { ...site, cameras: site.cameras.map((c) => (c.id === 'cell-3' ? { ...c, zones: [] } : c)) };
    const result = validateRulePack(PACK, await readFile(PACK, 'utf8'), noCell);
    expect(result.rules).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual(['rules[2].when.zone: camera "cell-3" has no zone "robot-cell"']);
  });
});
