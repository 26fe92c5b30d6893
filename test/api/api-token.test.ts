import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveApiToken } from '../../server/src/api/index.js';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-token-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('resolveApiToken', () => {
  it('generates a token at first start, stores it 0600 and announces it once', async () => {
    const announced: string[] = [];
    const first = await resolveApiToken({ dataDir: join(dataDir, 'nested'), announce: (text) => announced.push(text) });
    expect(first.source).toBe('generated');
    expect(first.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const file = join(dataDir, 'nested', 'api-token');
    expect(first.file).toBe(file);
    expect((await readFile(file, 'utf8')).trim()).toBe(first.token);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(announced).toHaveLength(1);
    expect(announced[0]).toContain(first.token);
    expect(announced[0]).toContain(file);

    const second = await resolveApiToken({ dataDir: join(dataDir, 'nested'), announce: (text) => announced.push(text) });
    expect(second).toEqual({ token: first.token, source: 'file', file });
    expect(announced).toHaveLength(1);
  });

  it('prefers VIGIL_API_TOKEN and writes nothing', async () => {
    const announced: string[] = [];
    const result = await resolveApiToken({ dataDir, envToken: 'a-token-chosen-by-ops', announce: (text) => announced.push(text) });
    expect(result).toEqual({ token: 'a-token-chosen-by-ops', source: 'env', file: null });
    expect(announced).toEqual([]);
    await expect(stat(join(dataDir, 'api-token'))).rejects.toThrow();
  });

  it('refuses a short VIGIL_API_TOKEN', async () => {
    await expect(resolveApiToken({ dataDir, envToken: 'short' })).rejects.toMatchObject({ code: 'invalid_config' });
  });

  it('replaces an empty token file', async () => {
    await writeFile(join(dataDir, 'api-token'), '\n');
    const announced: string[] = [];
    const result = await resolveApiToken({ dataDir, announce: (text) => announced.push(text) });
    expect(result.source).toBe('generated');
    expect(announced).toHaveLength(1);
  });
});
