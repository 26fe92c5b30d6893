import { describe, expect, it } from 'vitest';
import type { Evidence } from '../domain/index.js';
import { linkTo, withEvidenceLinks } from './delivery-payload.js';

const file = (kind: Evidence['kind'], createdAt: number): Evidence => ({
  id: `${kind}-${createdAt}`,
  alertId: 'a1',
  kind,
  path: `evidence/2026-01-15/a1/${kind}`,
  mime: kind === 'clip' ? 'video/mp4' : 'image/jpeg',
  bytes: 10,
  sha256: 'b'.repeat(64),
  createdAt,
  startTs: null,
  endTs: null,
});

describe('withEvidenceLinks', () => {
  it('adds absolute links and the current evidence under publicUrl', () => {
    const out = withEvidenceLinks({ type: 'alert.opened', alert: { id: 'a1', evidence: [] } }, 'a1', [file('snapshot', 1), file('clip', 2)], 'https://v.example/');
    expect(out.links).toEqual({
      alert: 'https://v.example/alerts/a1',
      snapshot: 'https://v.example/api/alerts/a1/snapshot.jpg',
      clip: 'https://v.example/api/alerts/a1/clip.mp4',
    });
    expect((out.alert as { evidence: { url: string }[] }).evidence.map((e) => e.url)).toEqual([
      'https://v.example/api/alerts/a1/snapshot.jpg',
      'https://v.example/api/alerts/a1/clip.mp4',
    ]);
    expect(out.type).toBe('alert.opened');
  });

  it('keeps paths relative without publicUrl and leaves a payload without an alert alone', () => {
    expect(withEvidenceLinks({ n: 1 }, 'a1', [], undefined)).toEqual({ n: 1, links: { alert: '/alerts/a1' } });
    expect(linkTo('/x', undefined)).toBe('/x');
  });
});
