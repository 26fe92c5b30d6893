import { describe, expect, it } from 'vitest';
import { escapeHtml, renderStatusPage } from './status-page.html.js';

describe('status page', () => {
  it('escapes the site name everywhere it appears', () => {
    const html = renderStatusPage({ siteName: '<script>alert("x")</script> & Co', nonce: 'abc' });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co');
  });

  it('marks its inline script and style with the nonce', () => {
    const html = renderStatusPage({ siteName: 'Plant', nonce: 'n0nce' });
    expect(html).toContain('<script nonce="n0nce">');
    expect(html).toContain('<style nonce="n0nce">');
  });

  it('escapes all five HTML-special characters', () => {
    expect(escapeHtml(`&<>"'`)).toBe('&amp;&lt;&gt;&quot;&#39;');
  });
});
