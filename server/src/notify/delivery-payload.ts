import { evidenceToDto } from '../contracts/index.js';
import type { Evidence } from '../domain/index.js';

/** Links a receiver can follow: the dashboard page, and the evidence files (API, bearer token) where they exist. */
export interface DeliveryLinks {
  alert: string;
  snapshot?: string;
  clip?: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

/** An absolute URL under `publicUrl`, or the path itself when Vigil does not know where people reach it. */
export function linkTo(path: string, publicUrl: string | undefined): string {
  return publicUrl ? `${trimSlash(publicUrl)}${path}` : path;
}

/**
 * The payload as it leaves: the alert's evidence as it is now (the clip is often cut after the row was written)
 * and `links`. The stored payload is left as written.
 */
export function withEvidenceLinks(
  payload: Record<string, unknown>,
  alertId: string,
  evidence: readonly Evidence[],
  publicUrl: string | undefined,
): Record<string, unknown> {
  const files = evidence.map((file) => {
    const dto = evidenceToDto(file);
    return { ...dto, url: linkTo(dto.url, publicUrl) };
  });
  const links: DeliveryLinks = { alert: linkTo(`/alerts/${encodeURIComponent(alertId)}`, publicUrl) };
  for (const kind of ['snapshot', 'clip'] as const) {
    const newest = files.filter((file) => file.kind === kind).at(-1);
    if (newest) links[kind] = newest.url;
  }
  const alert = payload.alert;
  const withFiles = alert && typeof alert === 'object' && !Array.isArray(alert) ? { ...alert, evidence: files } : alert;
  return { ...payload, ...(withFiles === undefined ? {} : { alert: withFiles }), links };
}
