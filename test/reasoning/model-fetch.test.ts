/**
 * `npm run model:fetch` against a real local HTTP server that answers like the Hugging Face hub, and against
 * a closed port. The fetched folder is then loaded by the real onnx backend.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createOnnxReasoner } from '../../server/src/reasoning/backends/onnx-reasoner.adapter.js';
import { ModelFetchError } from '../../server/src/reasoning/fetch/fetch-errors.js';
import { runModelFetch, type CliOutput } from '../../server/src/reasoning/fetch/model-fetch-cli.adapter.js';
import { fetchModelFolder } from '../../server/src/reasoning/fetch/model-fetch.adapter.js';
import { buildTinyQwen3VlModel } from './tiny-qwen3-vl/build-tiny-model.js';
import { startHubPeer, type HubPeer } from './peers/hub-server.js';

const REPO = 'test-org/tiny-qwen3-vl-onnx';
const Q4_REPLY = '<think> q4 weights </think> []';
const DATA = 'onnx/decoder_model_merged_q4.onnx_data';
const MANIFESTS = resolve('models');

let peer: HubPeer;
let tinyFiles: Map<string, Buffer>;
let work: string;

async function readTree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split('\\').join('/'), await readFile(path));
  }
  return files;
}

function captured(): CliOutput & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (line) => lines.push(line), err: (line) => lines.push(line) };
}

async function failure(promise: Promise<unknown>): Promise<ModelFetchError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(ModelFetchError);
  return error as ModelFetchError;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

const fetchInto = (dir: string, extra: { token?: string } = {}) =>
  fetchModelFolder({ repo: REPO, dtype: 'q4', dir, revision: 'main' }, { endpoint: peer.endpoint, ...extra });

beforeAll(async () => {
  const built = await buildTinyQwen3VlModel({
    weights: [
      { suffix: '', reply: '<think> fp32 weights </think> []' },
      { suffix: '_q4', reply: Q4_REPLY },
    ],
  });
  tinyFiles = await readTree(built);
  await rm(built, { recursive: true, force: true });
  peer = await startHubPeer();
});

afterAll(async () => {
  await peer.close();
});

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'vigil-model-fetch-'));
  peer.requests.length = 0;
  peer.pageSize = 1000;
  peer.repos.clear();
  const files = new Map(tinyFiles);
  files.set('README.md', Buffer.from('# tiny\n'));
  files.set('model.safetensors', randomBytes(2048));
  // External weights of the q4 decoder: large enough to be cut in half mid-transfer.
  files.set(DATA, randomBytes(3 * 1024 * 1024));
  peer.repos.set(REPO, { files, lfs: (path) => path.endsWith('.onnx') || path.endsWith('.onnx_data') });
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('model:fetch against a hub', () => {
  it('fetches only the q4 folder, page by page, and the onnx backend loads it and answers', async () => {
    peer.pageSize = 4;
    const dir = join(work, 'weights');
    const output = captured();
    const code = await runModelFetch(['--repo', REPO, '--dtype', 'q4', '--dir', dir], { HF_ENDPOINT: peer.endpoint }, output, { manifestsDir: MANIFESTS });
    expect(code, output.lines.join('\n')).toBe(0);
    expect(output.lines).toContain(`vigil.yaml:  model: { backend: onnx, onnxDir: ${dir}, dtype: q4 }`);
    expect(output.lines.some((line) => line.includes(`note: ${REPO} is not Cosmos Reason 2 (2B)`))).toBe(true);
    expect(peer.requests.filter((r) => r.path.includes('/tree/')).length).toBeGreaterThan(3);

    const fetched = await readTree(dir);
    expect([...fetched.keys()].sort()).toEqual([
      'config.json',
      'generation_config.json',
      'onnx/decoder_model_merged_q4.onnx',
      'onnx/decoder_model_merged_q4.onnx_data',
      'onnx/embed_tokens_q4.onnx',
      'onnx/vision_encoder_q4.onnx',
      'preprocessor_config.json',
      'tokenizer.json',
      'tokenizer_config.json',
    ]);
    const repo = peer.repos.get(REPO)!;
    for (const [path, body] of fetched) expect(body.equals(repo.files.get(path)!), path).toBe(true);

    const reasoner = createOnnxReasoner({ dir, dtype: 'q4' });
    try {
      const jpeg = await sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 200, g: 90, b: 40 } } }).jpeg().toBuffer();
      const reply = await reasoner.complete(
        {
          system: 'You are a helpful assistant.',
          images: [{ atSeconds: 0, width: 96, height: 64, jpeg }],
          text: 'Is a person inside the zone?',
          reasoning: true,
          sampling: { temperature: 0.6, topP: 0.95, topK: 20, maxTokens: 4096 },
        },
        {},
      );
      expect(reply.content).toBe(Q4_REPLY);
    } finally {
      await reasoner.close();
    }
  });

  it('resumes a partial download that an earlier run left behind', async () => {
    const dir = join(work, 'weights');
    const body = peer.repos.get(REPO)!.files.get(DATA)!;
    await mkdir(join(dir, 'onnx'), { recursive: true });
    await writeFile(join(dir, `${DATA}.part`), body.subarray(0, 1_000_000));

    const result = await fetchInto(dir);
    expect(result.fetched.map((f) => f.path)).toContain(DATA);
    expect(peer.downloadsOf(DATA).map((r) => r.range)).toContain('bytes=1000000-');
    expect((await readFile(join(dir, DATA))).equals(body)).toBe(true);
    expect((await readTree(dir)).has(`${DATA}.part`)).toBe(false);
  });

  it('carries on from where a dropped connection stopped', async () => {
    const dir = join(work, 'weights');
    peer.dropHalfway.add(DATA);
    await fetchInto(dir);
    const ranges = peer.downloadsOf(DATA).map((r) => r.range);
    expect(ranges[0]).toBeUndefined();
    const resumedAt = ranges.map((range) => Number(/^bytes=(\d+)-$/.exec(range ?? '')?.[1] ?? 0)).find((from) => from > 0);
    expect(resumedAt).toBeGreaterThan(0);
    expect((await readFile(join(dir, DATA))).equals(peer.repos.get(REPO)!.files.get(DATA)!)).toBe(true);
  });

  it('leaves files that are already complete alone', async () => {
    const dir = join(work, 'weights');
    const first = await fetchInto(dir);
    peer.requests.length = 0;
    const second = await fetchInto(dir);
    expect(second.fetched).toEqual([]);
    expect(second.present.map((f) => f.path)).toEqual(first.fetched.map((f) => f.path));
    expect(peer.requests.filter((r) => r.path.includes('/resolve/'))).toEqual([]);
  });

  it('refuses a file whose size differs from the listing and keeps nothing of it', async () => {
    const dir = join(work, 'weights');
    peer.repos.get(REPO)!.listedSizes = new Map([['tokenizer.json', 12_345_678]]);
    const error = await failure(fetchInto(dir));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toContain(`tokenizer.json: got ${tinyFiles.get('tokenizer.json')!.length} bytes`);
    expect(error.message).toContain('the hub lists 12345678');
    const left = [...(await readTree(dir)).keys()];
    expect(left.filter((path) => path.startsWith('tokenizer.json'))).toEqual([]);
  });

  it('names the URL when a repository does not exist', async () => {
    const error = await failure(
      fetchModelFolder({ repo: 'test-org/nothing-here', dtype: 'q4', dir: join(work, 'x'), revision: 'main' }, { endpoint: peer.endpoint }),
    );
    expect(error.kind).toBe('not_found');
    expect(error.message).toBe(
      `GET ${peer.endpoint}/api/models/test-org/nothing-here/tree/main?recursive=1 answered HTTP 404: ` +
        `repository test-org/nothing-here or revision main does not exist on ${peer.endpoint}.`,
    );
  });

  it('asks for HF_TOKEN on a gated repository, and sends it once set', async () => {
    peer.repos.get(REPO)!.token = 'hf_test_token';
    const dir = join(work, 'weights');
    const refused = await failure(fetchInto(dir));
    expect(refused.kind).toBe('unauthorized');
    expect(refused.message).toContain(`GET ${peer.endpoint}/api/models/${REPO}/tree/main?recursive=1 answered HTTP 401`);
    expect(refused.message).toContain('set HF_TOKEN');

    const wrong = await failure(fetchInto(dir, { token: 'hf_wrong' }));
    expect(wrong.message).toContain('did not accept HF_TOKEN');

    peer.requests.length = 0;
    const result = await fetchInto(dir, { token: 'hf_test_token' });
    expect(result.fetched.length).toBe(9);
    const resolves = peer.requests.filter((r) => r.path.includes('/resolve/'));
    expect(resolves.length).toBe(9);
    expect(resolves.every((r) => r.authorization === 'Bearer hf_test_token')).toBe(true);
  });

  it('says plainly when the default repository has no ONNX export, and what runs today', async () => {
    peer.repos.set('nvidia/Cosmos-Reason2-2B', {
      files: new Map([
        ['config.json', Buffer.from('{}')],
        ['model.safetensors', randomBytes(64)],
        ['tokenizer.json', Buffer.from('{}')],
      ]),
    });
    const output = captured();
    const code = await runModelFetch([], { HF_ENDPOINT: peer.endpoint }, output, { manifestsDir: MANIFESTS });
    const text = output.lines.join('\n');
    expect(code).toBe(1);
    expect(text).toContain(`fetching nvidia/Cosmos-Reason2-2B (q4) from ${peer.endpoint} into models/weights/nvidia/Cosmos-Reason2-2B`);
    expect(text).toContain('nvidia/Cosmos-Reason2-2B has no ONNX export');
    expect(text).toContain('--repo onnx-community/Qwen3-VL-2B-Instruct-ONNX (a different model, not nvidia/Cosmos-Reason2-2B)');
    expect(peer.requests.filter((r) => r.path.includes('/resolve/'))).toEqual([]);
  });
});

describe('model:fetch without a hub', () => {
  it('fails at once, naming the URL it tried and what to do instead', async () => {
    const port = await closedPort();
    const output = captured();
    const dir = join(work, 'weights');
    const code = await runModelFetch(
      ['--repo', 'onnx-community/Qwen3-VL-2B-Instruct-ONNX', '--dir', dir],
      { HF_ENDPOINT: `http://127.0.0.1:${port}` },
      output,
      { manifestsDir: MANIFESTS },
    );
    const text = output.lines.join('\n');
    expect(code).toBe(1);
    expect(text).toContain(
      `model:fetch: cannot reach the model hub: GET http://127.0.0.1:${port}/api/models/onnx-community/Qwen3-VL-2B-Instruct-ONNX/tree/main?recursive=1 failed (`,
    );
    expect(text).toContain('ECONNREFUSED');
    expect(text).toContain(`copy the model folder by hand into ${dir} (it needs config.json, preprocessor_config.json, tokenizer.json, tokenizer_config.json, onnx/embed_tokens_q4.onnx`);
    expect(text).toContain('set HF_ENDPOINT to a mirror');
    expect((await readdir(work)).includes('weights')).toBe(false);
  });

  it('refuses bad arguments with the usage text', async () => {
    const output = captured();
    expect(await runModelFetch(['--dtype', 'int3'], {}, output, { manifestsDir: MANIFESTS })).toBe(2);
    expect(output.lines.join('\n')).toContain('--dtype must be one of');
  });
});
