/** docker-compose.yml cannot run here (no Docker engine); this checks its shape with the real YAML parser. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { z } from 'zod';

const service = z.looseObject({
  image: z.string().optional(),
  build: z.unknown().optional(),
  profiles: z.array(z.string()).optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  volumes: z.array(z.string()).optional(),
  depends_on: z.record(z.string(), z.unknown()).optional(),
  healthcheck: z.looseObject({ test: z.array(z.string()) }).optional(),
  deploy: z.unknown().optional(),
});
const composeSchema = z.strictObject({
  services: z.record(z.string(), service),
  volumes: z.record(z.string(), z.null()).optional(),
});
type Compose = z.infer<typeof composeSchema>;

let compose: Compose;

beforeAll(async () => {
  const doc = parseDocument(await readFile(resolve('docker-compose.yml'), 'utf8'), { uniqueKeys: true });
  expect(doc.errors.map((e) => e.message)).toEqual([]);
  compose = composeSchema.parse(doc.toJS());
});

const flagValue = (command: readonly string[], flag: string): string | undefined => command[command.indexOf(flag) + 1];

describe('docker-compose.yml', () => {
  it('runs postgres and vigil without any profile, so a plain `docker compose up` needs no GPU', () => {
    expect(compose.services.postgres?.profiles).toBeUndefined();
    expect(compose.services.vigil?.profiles).toBeUndefined();
    expect(Object.keys(compose.services.vigil?.depends_on ?? {})).toEqual(['postgres']);
  });

  it('serves Cosmos Reason 2 (2B) with vLLM in the gpu profile, with the reasoning parser', () => {
    const vllm = compose.services.vllm;
    expect(vllm?.profiles).toEqual(['gpu']);
    expect(vllm?.image).toMatch(/^vllm\/vllm-openai:/);
    const command = vllm?.command ?? [];
    expect(flagValue(command, '--model')).toBe('nvidia/Cosmos-Reason2-2B');
    expect(flagValue(command, '--reasoning-parser')).toBe('qwen3');
    expect(flagValue(command, '--max-model-len')).toBe('16384');
    expect(flagValue(command, '--port')).toBe('8000');
    expect(vllm?.healthcheck?.test.join(' ')).toContain('http://127.0.0.1:8000/v1/models');
    expect(vllm?.volumes).toContain('hf-cache:/root/.cache/huggingface');
    expect(JSON.stringify(vllm?.deploy)).toContain('"capabilities":["gpu"]');
  });

  it('lets vigil take the model server from COSMOS_URL, empty unless set', () => {
    expect(compose.services.vigil?.environment?.COSMOS_URL).toBe('${COSMOS_URL:-}');
    expect(compose.services.vllm?.environment?.HF_TOKEN).toBe('${HF_TOKEN:-}');
  });

  it('declares every named volume the services mount', () => {
    const declared = Object.keys(compose.volumes ?? {});
    const named = Object.values(compose.services)
      .flatMap((s) => s.volumes ?? [])
      .map((mount) => mount.split(':')[0] ?? '')
      .filter((source) => !source.startsWith('.') && !source.startsWith('/'));
    expect(named.length).toBeGreaterThan(0);
    for (const source of named) expect(declared).toContain(source);
  });
});
