import type { AlertDto } from '../../contracts/alert-dto.js';
import type { Delivery } from '../channel.js';

/** What a mail says about the site it comes from. */
export interface EmailSite {
  siteName: string;
  /** IANA zone the site's people read times in. */
  timezone: string;
  /** Where the dashboard answers, e.g. https://vigil.plant.example; without it mails carry no link. */
  publicUrl?: string;
  cameraName: (cameraId: string) => string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

export interface AlertMailInput {
  event: Delivery['event'];
  alert: AlertDto;
  /** Content-ID of the inline snapshot, or null when there is none. */
  snapshotCid: string | null;
}

export interface DigestItem {
  event: Delivery['event'];
  alert: AlertDto;
}

const EVENT_WORD: Record<Delivery['event'], string> = {
  'alert.opened': 'opened',
  'alert.updated': 'updated',
  'alert.resolved': 'resolved',
  'alert.escalated': 'escalated',
};

const SEVERITY_COLOUR: Record<AlertDto['severity'], string> = {
  info: '#2563eb',
  low: '#0891b2',
  medium: '#ca8a04',
  high: '#ea580c',
  critical: '#dc2626',
};

const SEVERITY_ORDER: readonly AlertDto['severity'][] = ['info', 'low', 'medium', 'high', 'critical'];
const MAX_THINKING_CHARS = 2000;
const NO_LINK_NOTE = 'Open the Vigil dashboard to acknowledge (no public address is configured: set site.publicUrl).';

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** One line, no control characters: header values must not be able to start a new header. */
function oneLine(text: string, max = 200): string {
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function alertLink(publicUrl: string | undefined, alertId: string): string | null {
  if (!publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, '')}/alerts/${encodeURIComponent(alertId)}`;
}

/** "15 Jan 2026, 09:00:00 CET": the wall clock of the site, with its zone. */
export function formatSiteTime(iso: string, timezone: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).format(date);
}

function cameraLabel(alert: AlertDto, site: EmailSite): string {
  const name = site.cameraName(alert.cameraId);
  return name && name !== alert.cameraId ? `${name} (${alert.cameraId})` : alert.cameraId;
}

function alertHeadline(event: Delivery['event'], alert: AlertDto, site: EmailSite): string {
  const camera = site.cameraName(alert.cameraId) || alert.cameraId;
  return `[${alert.severity.toUpperCase()}] ${alert.ruleName} — ${camera} (${EVENT_WORD[event]})`;
}

/** "[CRITICAL] Person in robot cell — Robot cell 3 (opened)" */
export function alertSubject(event: Delivery['event'], alert: AlertDto, site: EmailSite): string {
  return oneLine(alertHeadline(event, alert, site));
}

function facts(event: Delivery['event'], alert: AlertDto, site: EmailSite): [string, string][] {
  const rows: [string, string][] = [
    ['Camera', cameraLabel(alert, site)],
    ['Rule', alert.ruleName],
    ['Severity', alert.severity],
    ['Event', EVENT_WORD[event]],
    ['Status', alert.status.replace('_', ' ')],
    ['Started', formatSiteTime(alert.startedAt, site.timezone)],
    ['Last seen', formatSiteTime(alert.lastSeenAt, site.timezone)],
  ];
  if (alert.zoneId) rows.splice(1, 0, ['Zone', alert.zoneId]);
  if (alert.endedAt) rows.push(['Ended', formatSiteTime(alert.endedAt, site.timezone)]);
  return rows;
}

function thinkingOf(alert: AlertDto): string | null {
  const thinking = alert.observation?.thinking?.trim();
  if (!thinking) return null;
  return thinking.length > MAX_THINKING_CHARS ? `${thinking.slice(0, MAX_THINKING_CHARS)}…` : thinking;
}

export function renderAlertMail(input: AlertMailInput, site: EmailSite): RenderedMail {
  const { event, alert, snapshotCid } = input;
  const link = alertLink(site.publicUrl, alert.id);
  const rows = facts(event, alert, site);
  const observation = alert.observation;
  const thinking = thinkingOf(alert);

  const text: string[] = [alertHeadline(event, alert, site), '', alert.summary, ''];
  for (const [label, value] of rows) text.push(`${label}: ${value}`);
  if (observation) {
    text.push('', `What the model saw (${observation.hazard}, confidence ${observation.confidence.toFixed(2)}):`, observation.reason);
    if (thinking) text.push('', 'Model reasoning:', thinking);
  }
  text.push('', link ? `Open and acknowledge: ${link}` : NO_LINK_NOTE);
  if (!snapshotCid) text.push('', 'No snapshot is attached.');
  text.push('', `— Vigil at ${site.siteName}`);

  const colour = SEVERITY_COLOUR[alert.severity];
  const tableRows = rows
    .map(([label, value]) => `<tr><th align="left" style="padding:2px 12px 2px 0;color:#555">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(value)}</td></tr>`)
    .join('');
  const html: string[] = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#111">',
    `<p style="margin:0 0 8px"><span style="background:${colour};color:#fff;padding:2px 8px;border-radius:3px;font-weight:bold">${escapeHtml(alert.severity.toUpperCase())}</span> <strong>${escapeHtml(alert.ruleName)}</strong> — ${escapeHtml(EVENT_WORD[event])}</p>`,
    `<p style="font-size:16px;margin:0 0 12px">${escapeHtml(alert.summary)}</p>`,
    `<table style="border-collapse:collapse;margin:0 0 12px">${tableRows}</table>`,
  ];
  if (snapshotCid) html.push(`<p><img src="cid:${escapeHtml(snapshotCid)}" alt="Snapshot from ${escapeHtml(cameraLabel(alert, site))}" style="max-width:100%;height:auto;border:1px solid #ccc"></p>`);
  if (observation) {
    html.push(
      `<p style="margin:12px 0 4px"><strong>What the model saw</strong> (${escapeHtml(observation.hazard)}, confidence ${observation.confidence.toFixed(2)})</p>`,
      `<p style="margin:0 0 8px">${escapeHtml(observation.reason)}</p>`,
    );
    if (thinking) html.push(`<details><summary>Model reasoning</summary><pre style="white-space:pre-wrap;font-size:12px">${escapeHtml(thinking)}</pre></details>`);
  }
  html.push(
    link
      ? `<p><a href="${escapeHtml(link)}" style="background:#111;color:#fff;padding:8px 14px;text-decoration:none;border-radius:3px">Open and acknowledge</a></p>`
      : `<p style="color:#555">${escapeHtml(NO_LINK_NOTE)}</p>`,
    `<p style="color:#888;font-size:12px">Vigil at ${escapeHtml(site.siteName)}</p>`,
    '</body></html>',
  );
  return { subject: alertSubject(event, alert, site), text: text.join('\n'), html: html.join('\n') };
}

function highestSeverity(items: readonly DigestItem[]): AlertDto['severity'] {
  let best = 0;
  for (const item of items) best = Math.max(best, SEVERITY_ORDER.indexOf(item.alert.severity));
  return SEVERITY_ORDER[best] ?? 'info';
}

function describeWindow(windowMs: number): string {
  const seconds = Math.round(windowMs / 1000);
  if (seconds >= 60 && seconds % 60 === 0) return seconds === 60 ? '1 minute' : `${seconds / 60} minutes`;
  return seconds <= 1 ? `${windowMs} ms` : `${seconds} seconds`;
}

/** The one mail that stands for every alert held back while a flood was throttled. */
export function renderDigestMail(items: readonly DigestItem[], limits: { maxPerWindow: number; windowMs: number }, site: EmailSite): RenderedMail {
  const count = items.length;
  const noun = count === 1 ? 'alert' : 'alerts';
  const subject = oneLine(`[${highestSeverity(items).toUpperCase()}] ${count} more ${noun} on ${site.siteName}`);
  const intro = `More than ${limits.maxPerWindow} mails within ${describeWindow(limits.windowMs)}: Vigil held back these ${count} and sends them together.`;

  const text: string[] = [subject, '', intro, ''];
  const html: string[] = [
    '<!doctype html><html><body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#111">',
    `<p><strong>${escapeHtml(`${count} more ${noun} on ${site.siteName}`)}</strong></p>`,
    `<p>${escapeHtml(intro)}</p>`,
    '<ul>',
  ];
  for (const { event, alert } of items) {
    const headline = alertHeadline(event, alert, site);
    const when = formatSiteTime(alert.startedAt, site.timezone);
    const link = alertLink(site.publicUrl, alert.id);
    text.push(`- ${headline} · ${when}`, `  ${alert.summary}`);
    if (link) text.push(`  ${link}`);
    const title = link ? `<a href="${escapeHtml(link)}">${escapeHtml(headline)}</a>` : escapeHtml(headline);
    html.push(`<li style="margin:0 0 6px">${title} · ${escapeHtml(when)}<br><span style="color:#555">${escapeHtml(alert.summary)}</span></li>`);
  }
  html.push('</ul>');
  if (!site.publicUrl) {
    text.push('', NO_LINK_NOTE);
    html.push(`<p style="color:#555">${escapeHtml(NO_LINK_NOTE)}</p>`);
  }
  text.push('', `— Vigil at ${site.siteName}`);
  html.push(`<p style="color:#888;font-size:12px">Vigil at ${escapeHtml(site.siteName)}</p>`, '</body></html>');
  return { subject, text: text.join('\n'), html: html.join('\n') };
}
