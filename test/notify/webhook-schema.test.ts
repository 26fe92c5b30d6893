import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { WebhookPayload, webhookBodyFor, webhookPayloadJsonSchemaText } from '../../server/src/notify/channels/webhook-payload.js';
import { sampleDelivery } from './webhook-fixtures.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../docs/webhook-payload.schema.json', import.meta.url));

describe('published webhook payload schema', () => {
  it('docs/webhook-payload.schema.json is what scripts/webhook-schema.ts generates (run it after changing the alert contract)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(webhookPayloadJsonSchemaText());
  });

  it('the body Vigil sends conforms to the schema, and the published JSON Schema rejects a malformed body', () => {
    const body = JSON.parse(JSON.stringify(webhookBodyFor(sampleDelivery('outbox-1'))));
    expect(body.data.links).toEqual({ alert: 'https://vigil.plant.example/alerts/alert-outbox-1' });
    expect(WebhookPayload.safeParse(body).success).toBe(true);

    const published = z.fromJSONSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(published.safeParse(body).success).toBe(true);
    expect(published.safeParse({ ...body, type: 'alert.deleted' }).success).toBe(false);
    expect(published.safeParse({ ...body, data: { alert: { ...body.data.alert, severity: 'catastrophic' } } }).success).toBe(false);
    expect(published.safeParse({ type: body.type, timestamp: body.timestamp }).success).toBe(false);
    expect(published.safeParse({ ...body, data: { ...body.data, links: { snapshot: '/api/alerts/a/snapshot.jpg' } } }).success).toBe(false);
  });

  it('leaves objects open so that a field added later breaks no receiver', () => {
    const body = JSON.parse(JSON.stringify(webhookBodyFor(sampleDelivery('outbox-2'))));
    const published = z.fromJSONSchema(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')));
    expect(published.safeParse({ ...body, data: { ...body.data, site: 'plant-1' } }).success).toBe(true);
  });
});
