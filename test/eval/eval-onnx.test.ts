/**
 * `npm run eval` with the in-process onnx backend: real transformers.js and onnxruntime-node on the tiny
 * Qwen3-VL test model, whose decoder gives one fixed reply to every window.
 */
import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { main } from '../../eval/cli.js';
import { buildTinyQwen3VlModel } from '../reasoning/tiny-qwen3-vl/build-tiny-model.js';

const SET = resolve(import.meta.dirname, '../../eval/sets/synthetic');
const SPILL_EVERYWHERE = '<think> a dark patch on the floor </think> [{"hazard":"spill","present":true,"confidence":0.9,"boxes":[],"start":0,"end":1,"reason":"dark patch"}]';

let modelDir: string;

beforeAll(async () => {
  modelDir = await buildTinyQwen3VlModel({ weights: [{ suffix: '', reply: SPILL_EVERYWHERE }] });
});

afterAll(() => rm(modelDir, { recursive: true, force: true }));

it('runs every window through the onnx backend and scores its fixed reply', async () => {
  const out: string[] = [];
  const err: string[] = [];
  const env = { COSMOS_URL: '', COSMOS_ONNX_DIR: '' };
  const code = await main(['--set', SET, '--onnx-dir', modelDir, '--dtype', 'fp32', '--window', '6s'], env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  expect(err.join('\n')).not.toContain('failed');
  expect(code).toBe(0);
  const table = out.join('\n');
  // 6 s windows: zone-entry 0–6 and 6–12, zone-pass 0–6 and 6–12, spill 0–6 and 6–12, quiet 0–6 and 6–8.
  // The reply says "spill" everywhere and never answers worker_in_zone.
  expect(line(table, 'spill')).toEqual(['spill', '8', '1', '7', '0', '0', '0.13', '1.00', '0.22', '0']);
  expect(line(table, 'worker_in_zone')).toEqual(['worker_in_zone', '8', '0', '0', '3', '5', 'n/a', '0.00', 'n/a', '8']);
  expect(table).toContain('unreadable replies: 0 of 8');
  expect(err.join('\n')).toContain(`(onnx, ${modelDir})`);
});

function line(table: string, hazard: string): string[] {
  const found = table.split('\n').find((l) => l.startsWith(`${hazard} `));
  if (!found) throw new Error(`no row for ${hazard}`);
  return found.trim().split(/\s{2,}/);
}

