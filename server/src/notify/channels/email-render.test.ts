import { describe, expect, it } from 'vitest';
import type { AlertDto } from '../../contracts/alert-dto.js';
import { alertLink, alertSubject, escapeHtml, formatSiteTime, renderAlertMail, renderDigestMail, type EmailSite } from './email-render.js';

function alert(overrides: Partial<AlertDto> = {}): AlertDto {
  return {
    id: 'a1b2c3',
    ruleId: 'cell-intrusion',
    ruleName: 'Person in robot cell',
    cameraId: 'cell-3',
    zoneId: 'robot-cell',
    severity: 'critical',
    status: 'open',
    summary: 'Person in robot cell for 2s',
    startedAt: '2026-01-15T08:00:00.000Z',
    lastSeenAt: '2026-01-15T08:00:02.000Z',
    endedAt: null,
    peakValue: 0.12,
    boxes: [],
    observation: null,
    details: {},
    notify: ['email:ehs'],
    evidence: [],
    ...overrides,
  };
}

const site: EmailSite = {
  siteName: 'Plant North',
  timezone: 'Europe/Berlin',
  publicUrl: 'https://vigil.plant.example/',
  cameraName: (id) => (id === 'cell-3' ? 'Robot cell 3' : id),
};

describe('alert mail', () => {
  it('names severity, rule, camera and event in the subject', () => {
    expect(alertSubject('alert.opened', alert(), site)).toBe('[CRITICAL] Person in robot cell — Robot cell 3 (opened)');
    expect(alertSubject('alert.resolved', alert({ severity: 'low', cameraId: 'dock-1' }), site)).toBe('[LOW] Person in robot cell — dock-1 (resolved)');
  });

  it('keeps line breaks out of the subject', () => {
    expect(alertSubject('alert.opened', alert({ ruleName: 'Evil\r\nBcc: x@y.example' }), site)).toBe('[CRITICAL] Evil Bcc: x@y.example — Robot cell 3 (opened)');
  });

  it('writes times on the site clock', () => {
    expect(formatSiteTime('2026-01-15T08:00:00.000Z', 'Europe/Berlin')).toBe('15 Jan 2026, 09:00:00 CET');
    expect(formatSiteTime('2026-07-15T08:00:00.000Z', 'UTC')).toBe('15 Jul 2026, 08:00:00 UTC');
  });

  it('escapes what alerts carry into HTML and keeps it verbatim in text', () => {
    const mail = renderAlertMail({ event: 'alert.opened', alert: alert({ summary: '<script>alert("x")</script> & more' }), snapshotCid: null }, site);
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('<script>alert("x")</script> & more');
  });

  it('shows the model reasoning and the snapshot when there are some', () => {
    const observation = {
      hazard: 'person in cell',
      confidence: 0.874,
      reason: 'A worker stands inside the fence while the arm moves.',
      thinking: 'The fence gate is open; a person in hi-vis is next to the arm.',
      modelId: 'nvidia/Cosmos-Reason2-2B',
      promptHash: 'h',
      seenAt: '2026-01-15T08:00:02.000Z',
      span: null,
      frameTimes: [],
    };
    const mail = renderAlertMail({ event: 'alert.opened', alert: alert({ observation }), snapshotCid: 'snap@vigil' }, site);
    expect(mail.text).toContain('What the model saw (person in cell, confidence 0.87):\nA worker stands inside the fence while the arm moves.');
    expect(mail.text).toContain('Model reasoning:\nThe fence gate is open');
    expect(mail.html).toContain('<img src="cid:snap@vigil"');
    expect(mail.text).not.toContain('No snapshot');
  });

  it('lists camera, zone, rule and the site-clock start', () => {
    const mail = renderAlertMail({ event: 'alert.opened', alert: alert(), snapshotCid: null }, site);
    expect(mail.text).toContain('Camera: Robot cell 3 (cell-3)');
    expect(mail.text).toContain('Zone: robot-cell');
    expect(mail.text).toContain('Rule: Person in robot cell');
    expect(mail.text).toContain('Started: 15 Jan 2026, 09:00:00 CET');
    expect(mail.text).toContain('No snapshot is attached.');
    expect(mail.html).not.toContain('<img');
  });

  it('links to the alert only when a public address is known', () => {
    expect(alertLink('https://vigil.plant.example/', 'a/1')).toBe('https://vigil.plant.example/alerts/a%2F1');
    const linked = renderAlertMail({ event: 'alert.opened', alert: alert(), snapshotCid: null }, site);
    expect(linked.text).toContain('Open and acknowledge: https://vigil.plant.example/alerts/a1b2c3');
    expect(linked.html).toContain('href="https://vigil.plant.example/alerts/a1b2c3"');
    const { publicUrl: _omit, ...noUrl } = site;
    const unlinked = renderAlertMail({ event: 'alert.opened', alert: alert(), snapshotCid: null }, noUrl);
    expect(unlinked.text).not.toContain('http');
    expect(unlinked.text).toContain('set site.publicUrl');
  });
});

describe('digest mail', () => {
  it('counts the held alerts, names the worst severity and lists each', () => {
    const items = [
      { event: 'alert.opened' as const, alert: alert({ id: 'x1', severity: 'medium', ruleName: 'Forklift too close' }) },
      { event: 'alert.opened' as const, alert: alert({ id: 'x2', severity: 'high', ruleName: 'No helmet' }) },
      { event: 'alert.resolved' as const, alert: alert({ id: 'x3', severity: 'low', ruleName: 'Blocked exit <b>' }) },
    ];
    const mail = renderDigestMail(items, { maxPerWindow: 5, windowMs: 60_000 }, site);
    expect(mail.subject).toBe('[HIGH] 3 more alerts on Plant North');
    expect(mail.text).toContain('More than 5 mails within 1 minute');
    expect(mail.text).toContain('- [MEDIUM] Forklift too close — Robot cell 3 (opened) · 15 Jan 2026, 09:00:00 CET');
    expect(mail.text).toContain('https://vigil.plant.example/alerts/x2');
    expect(mail.text).toContain('[LOW] Blocked exit <b> — Robot cell 3 (resolved)');
    expect(mail.html).toContain('Blocked exit &lt;b&gt;');
    expect(mail.html.match(/<li /g)).toHaveLength(3);
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
