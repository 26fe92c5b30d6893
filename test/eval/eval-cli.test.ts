import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../eval/cli.js';
import { answer, startScriptedChatPeer, type ScriptedChatPeer, type ScriptedReply } from './peers/scripted-chat-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SET = join(ROOT, 'eval/sets/synthetic');
const MODEL = 'nvidia/Cosmos-Reason2-2B';
const CLEAN_ENV = { ...process.env, COSMOS_URL: '', COSMOS_MODEL: '', COSMOS_API_KEY: '', COSMOS_ONNX_DIR: '' };

const no = { present: false, confidence: 0.9 };
const yes = (confidence: number) => ({ present: true, confidence });
const unreadable: ScriptedReply = { content: "I'm sorry, the frames are too dark to tell." };

/**
 * One reply per window, in the order the synthetic set's windows are sent (4 s windows):
 * zone-entry 0–4, 4–8, 8–12 · zone-pass 0–4, 4–8, 8–12 · spill 0–4, 4–8, 8–12 · quiet 0–4, 4–8.
 * Truth: worker_in_zone in zone-entry 4–8 and 8–12 and zone-pass 0–4; spill in spill 8–12.
 */
const SCRIPT: ScriptedReply[] = [
  answer({ worker_in_zone: no, spill: yes(0.55) }), // spill FP
  answer({ worker_in_zone: yes(0.9), spill: no }), // worker TP
  answer({ worker_in_zone: yes(0.4), spill: no }), // worker FN: below the 0.5 threshold
  answer({ worker_in_zone: yes(0.8), spill: no }), // worker TP
  answer({ worker_in_zone: yes(0.7), spill: no }), // worker FP
  answer({ worker_in_zone: no }), // spill not answered: TN, no answer
  answer({ worker_in_zone: no, spill: no }),
  answer({ worker_in_zone: yes(0.6), spill: no }), // worker FP
  answer({ worker_in_zone: no, spill: yes(0.95) }), // spill TP
  unreadable, // both TN, no answer
  answer({ worker_in_zone: no, spill: no }),
];

let peer: ScriptedChatPeer;
let scratch: string;

beforeAll(async () => {
  peer = await startScriptedChatPeer({ models: [MODEL], script: SCRIPT });
  scratch = await mkdtemp(join(tmpdir(), 'vigil-eval-'));
});

afterAll(async () => {
  await peer.close();
  await rm(scratch, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(join(ROOT, 'node_modules/.bin/tsx'), ['eval/cli.ts', ...args], { cwd: ROOT, env: CLEAN_ENV }, (err, stdout, stderr) => {
      done({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function runMain(args: string[], env: NodeJS.ProcessEnv = CLEAN_ENV): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, env, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** The cells of the table row for `hazard`. */
function row(table: string, hazard: string): string[] {
  const line = table.split('\n').find((l) => l.startsWith(`${hazard} `));
  if (!line) throw new Error(`no row for ${hazard} in:\n${table}`);
  return line.trim().split(/\s{2,}/);
}

describe('npm run eval against a scripted chat-completions server', () => {
  it('scores the synthetic set exactly as the scripted replies dictate, and writes every window as JSON', async () => {
    const jsonPath = join(scratch, 'out.json');
    const { code, stdout, stderr } = await runCli(['--set', SET, '--url', peer.url, '--json', jsonPath]);
    expect(stderr).not.toContain('eval failed');
    expect(code).toBe(0);

    //                                       windows TP FP FN TN precision recall F1 no-answer
    expect(row(stdout, 'worker_in_zone')).toEqual(['worker_in_zone', '11', '2', '2', '1', '6', '0.50', '0.67', '0.57', '1']);
    expect(row(stdout, 'spill')).toEqual(['spill', '11', '1', '1', '0', '9', '0.50', '1.00', '0.67', '2']);
    expect(row(stdout, 'all')).toEqual(['all', '22', '3', '3', '1', '15', '0.50', '0.75', '0.60', '3']);
    expect(stdout).toContain('unreadable replies: 1 of 11');
    expect(stdout).toContain('failed calls: 0');
    expect(stdout).toMatch(/vision tokens per window: \d+/);

    expect(peer.chats).toHaveLength(11);
    const marks = (chat: (typeof peer.chats)[number]) => chat.filter((p) => p.type === 'text' && /^<[\d.]+ seconds>$/.test(p.text)).map((p) => (p as { text: string }).text);
    expect(marks(peer.chats[0]!)).toEqual(['<0.0 seconds>', '<0.5 seconds>', '<1.0 seconds>', '<1.5 seconds>', '<2.0 seconds>', '<2.5 seconds>', '<3.0 seconds>', '<3.5 seconds>']);
    expect(peer.chats[0]!.filter((p) => p.type === 'image_url')).toHaveLength(8);
    const question = peer.chats[0]!.at(-1) as { text: string };
    expect(question.text).toContain('Synthetic bay A');
    expect(question.text).toContain('"Restricted zone"');

    const report = JSON.parse(await readFile(jsonPath, 'utf8')) as {
      settings: { backend: string; model: string; windowSeconds: number; fps: number; threshold: number };
      windows: { clip: string; start: number; end: number; outcome: string; frameTimes: number[]; hazards: { hazard: string; truth: boolean; predicted: boolean; noAnswer: string | null; confidence: number | null }[] }[];
    };
    expect(report.settings).toMatchObject({ backend: 'openai', model: MODEL, windowSeconds: 4, fps: 2, threshold: 0.5 });
    expect(report.windows.map((w) => `${w.clip} ${w.start}-${w.end} ${w.outcome}`)).toEqual([
      'zone-entry.mp4 0-4 ok', 'zone-entry.mp4 4-8 ok', 'zone-entry.mp4 8-12 ok',
      'zone-pass.mp4 0-4 ok', 'zone-pass.mp4 4-8 ok', 'zone-pass.mp4 8-12 ok',
      'spill.mp4 0-4 ok', 'spill.mp4 4-8 ok', 'spill.mp4 8-12 ok',
      'quiet.mp4 0-4 unreadable', 'quiet.mp4 4-8 ok',
    ]);
    const worker = report.windows.map((w) => w.hazards.find((h) => h.hazard === 'worker_in_zone')!);
    expect(worker.map((h) => h.truth)).toEqual([false, true, true, true, false, false, false, false, false, false, false]);
    expect(worker[2]).toMatchObject({ predicted: false, confidence: 0.4 });
    expect(report.windows[5]!.hazards.find((h) => h.hazard === 'spill')).toMatchObject({ noAnswer: 'missing', predicted: false });
    expect(report.windows[8]!.frameTimes).toEqual([8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5]);
  });
});

describe('failed calls', () => {
  it('retries a failed call once, then leaves the window out of the scores and still exits 0', async () => {
    const short = await startScriptedChatPeer({ models: [MODEL], script: SCRIPT.slice(0, 9) });
    try {
      const { code, out, err } = await runMain(['--set', SET, '--url', short.url]);
      expect(code).toBe(0);
      expect(short.chats).toHaveLength(9 + 2 * 2);
      expect(err).toMatch(/quiet\.mp4 0\.0–4\.0 s: call failed: .*500/);
      expect(row(out, 'worker_in_zone')).toEqual(['worker_in_zone', '9', '2', '2', '1', '4', '0.50', '0.67', '0.57', '0']);
      expect(out).toContain('failed calls: 2');
      expect(out).toContain('2 window(s) got no reply at all and are left out of the scores.');
    } finally {
      await short.close();
    }
  });
});

describe('exit codes', () => {
  it('exits 1 and says the backend is unreachable when nothing listens at the URL', async () => {
    const port = await closedPort();
    const { code, err } = await runMain(['--set', SET, '--url', `http://127.0.0.1:${port}/v1`]);
    expect(code).toBe(1);
    expect(err).toMatch(/backend unreachable: .*connection refused/);
  });

  it('exits 1 when the server does not serve the model', async () => {
    const { code, err } = await runMain(['--set', SET, '--url', peer.url, '--model', 'nvidia/Cosmos-Reason2-8B']);
    expect(code).toBe(1);
    expect(err).toContain(`does not serve "nvidia/Cosmos-Reason2-8B"`);
  });

  it('exits 2 naming file and line when set.yaml is invalid', async () => {
    const dir = await mkdtemp(join(scratch, 'bad-'));
    await copyFile(join(SET, 'quiet.mp4'), join(dir, 'quiet.mp4'));
    await writeFile(join(dir, 'set.yaml'), ['clips:', '  - file: quiet.mp4', '    camera: { name: Bay }', '    hazards:', '      - { id: spill, ask: Any spill? }', '    labels:', '      spill: [{ start: 3, end: 1 }]', ''].join('\n'));
    const { code, err } = await runMain(['--set', dir, '--url', peer.url]);
    expect(code).toBe(2);
    expect(err).toContain(`${join(dir, 'set.yaml')}:7:`);
    expect(err).toContain('end must be after start');
  });

  it('exits 2 when a clip cannot be decoded', async () => {
    const dir = await mkdtemp(join(scratch, 'broken-'));
    await writeFile(join(dir, 'broken.mp4'), 'not a video');
    await writeFile(join(dir, 'set.yaml'), 'clips:\n  - file: broken.mp4\n    camera: { name: Bay }\n    hazards: [{ id: spill, ask: Any spill? }]\n');
    const { code, err } = await runMain(['--set', dir, '--url', peer.url]);
    expect(code).toBe(2);
    expect(err).toContain('ffmpeg cannot decode');
  });

  it('exits 2 on usage mistakes, before touching any backend', async () => {
    expect((await runMain(['--set', SET, '--url', peer.url, '--windw', '4s'])).err).toContain("Unknown option '--windw'");
    expect((await runMain(['--url', peer.url])).code).toBe(2);
    const noBackend = await runMain(['--set', SET]);
    expect(noBackend.code).toBe(2);
    expect(noBackend.err).toContain('pass --url URL');
    expect((await runMain(['--set', join(scratch, 'nowhere'), '--url', peer.url])).err).toContain('no such file');
  });

  it('takes the server from COSMOS_URL like Vigil does', async () => {
    const { code, err } = await runMain(['--set', SET, '--model', 'nvidia/Cosmos-Reason2-8B'], { ...CLEAN_ENV, COSMOS_URL: peer.url });
    expect(code).toBe(1);
    expect(err).toContain(peer.url.replace('/v1', ''));
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
