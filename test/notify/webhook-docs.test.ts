import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWebhookSecret, webhookHeaders } from '../../server/src/notify/channels/webhook-signing.js';
import { CURRENT_SECRET, PREVIOUS_SECRET } from './webhook-fixtures.js';

const GUIDE = fileURLToPath(new URL('../../docs/webhooks.md', import.meta.url));
type Verify = (secrets: string[], headers: Record<string, string | undefined>, rawBody: string, nowSeconds?: number) => boolean;

const scratch = mkdtempSync(join(tmpdir(), 'vigil-webhook-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function guideSample(): Promise<Verify> {
  const sample = /```ts\n([\s\S]*?)```/.exec(readFileSync(GUIDE, 'utf8'))?.[1];
  expect(sample, 'docs/webhooks.md has a ts sample').toBeTruthy();
  const file = join(scratch, 'verify.ts');
  writeFileSync(file, sample!);
  const module = (await import(pathToFileURL(file).href)) as { verifyVigilWebhook: Verify };
  return module.verifyVigilWebhook;
}

describe('the verification sample in docs/webhooks.md', () => {
  it('accepts what Vigil signs, with either secret of a rotation, and rejects tampering and stale messages', async () => {
    const verify = await guideSample();
    const body = '{"type":"alert.opened"}';
    const now = 1_772_000_000;
    const keys = [parseWebhookSecret(CURRENT_SECRET), parseWebhookSecret(PREVIOUS_SECRET)];
    const headers = webhookHeaders(keys, { id: 'outbox-1', timestampSeconds: now, body });

    expect(verify([CURRENT_SECRET], headers, body, now)).toBe(true);
    expect(verify([PREVIOUS_SECRET], headers, body, now)).toBe(true);
    expect(verify([`whsec_${Buffer.alloc(32, 9).toString('base64')}`], headers, body, now)).toBe(false);
    expect(verify([CURRENT_SECRET], headers, `${body} `, now)).toBe(false);
    expect(verify([CURRENT_SECRET], { ...headers, 'webhook-id': 'outbox-2' }, body, now)).toBe(false);
    expect(verify([CURRENT_SECRET], headers, body, now + 10 * 60)).toBe(false);
  });
});
