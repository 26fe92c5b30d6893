import type { SiteContext } from './rule-types.js';
import type { RuleInput, WhenInput } from './rule-schema.js';
import type { PathSegment } from '../config/yaml-locate.js';

interface Reporter {
  add(path: readonly PathSegment[], message: string): void;
}

/** Camera, zone and channel ids a rule names must exist at the site. */
export function checkAgainstSite(rule: RuleInput, when: WhenInput, base: PathSegment[], site: SiteContext, report: Reporter): void {
  const cameras = new Map(site.cameras.map((c) => [c.id, c]));
  if (rule.cameras !== '*') {
    rule.cameras.forEach((id, i) => {
      if (!cameras.has(id)) report.add([...base, 'cameras', i], `unknown camera "${id}"`);
    });
  }

  const zone = 'zone' in when ? when.zone : undefined;
  if (zone !== undefined) {
    const zonePath = [...base, 'when', 'zone'];
    if (rule.cameras === '*') {
      if (!site.cameras.some((c) => c.zones.some((z) => z.id === zone))) report.add(zonePath, `no camera has a zone "${zone}"`);
    } else {
      for (const id of rule.cameras) {
        const camera = cameras.get(id);
        if (camera && !camera.zones.some((z) => z.id === zone)) report.add(zonePath, `camera "${id}" has no zone "${zone}"`);
      }
    }
  }

  const channels = new Set(site.channels);
  rule.notify.forEach((channel, i) => {
    if (channel !== 'dashboard' && !channels.has(channel)) report.add([...base, 'notify', i], `unknown channel "${channel}"`);
  });
}
