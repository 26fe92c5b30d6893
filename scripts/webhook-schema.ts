/**
 * Writes docs/webhook-payload.schema.json, the JSON Schema of Vigil's webhook body, from the zod schema the server
 * sends by. Run after changing the alert contract: `npx tsx scripts/webhook-schema.ts`. A test fails while the
 * committed file differs from what this writes.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { webhookPayloadJsonSchemaText } from '../server/src/notify/channels/webhook-payload.js';

const WEBHOOK_SCHEMA_PATH = fileURLToPath(new URL('../docs/webhook-payload.schema.json', import.meta.url));

writeFileSync(WEBHOOK_SCHEMA_PATH, webhookPayloadJsonSchemaText());
console.log(`wrote ${WEBHOOK_SCHEMA_PATH}`);
