import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertDto, HealthDto, ReasoningDto, RulePackListDto, SystemDto } from '../../server/src/contracts/index.js';
import { ANSWER_JSON, THINK_TEXT, startChatCompletionsPeer, type ChatCompletionsPeer } from '../reasoning/peers/chat-completions-server.js';
import { buildTinyQwen3VlModel } from '../reasoning/tiny-qwen3-vl/build-tiny-model.js';
import { storeTargets } from '../store/store-targets.js';
import { api, connectSocket, nextEvent, startTestVigil, type VigilSocket } from './vigil-harness.js';

const MODEL = 'nvidia/Cosmos-Reason2-2B';

const site = (model: string) => `site: { name: Test plant, timezone: UTC }
cameras:
  - id: dock-7
    name: Loading dock 7
    url: sim://intrusion?period=12&duration=5&fps=10&size=320x180
    sample: { fps: 4, maxSide: 320 }
    zones:
      - { id: dock-edge, name: Dock edge, polygon: [[0, 0], [1, 0], [1, 1], [0, 1]] }
rules: rules/
windows: { length: 2s, stride: 1s, maxFrames: 4 }
model: ${model}
`;

const rule = (hazard: string, zone = '') => `rules:
  - id: ${hazard.replaceAll('_', '-')}-rule
    name: Hazard ${hazard}
    severity: high
    cameras: [dock-7]
    when: { hazard: ${hazard}, ask: "Is the hazard visible?", minConfidence: 0.6${zone} }
    cooldown: 1m
`;

describe('hazard reasoning end to end: frames → model → parse → rule → alert', () => {
  describe('openai backend against a chat-completions server with the reasoning parser', () => {
    let peer: ChatCompletionsPeer;
    let harness: Awaited<ReturnType<typeof startTestVigil>>;
    let watcher: VigilSocket;

    beforeAll(async () => {
      peer = await startChatCompletionsPeer({ models: [MODEL] });
      peer.scenario = { kind: 'reasoning-parser' };
      harness = await startTestVigil({
        siteYaml: site('{ backend: none, heartbeat: 5s }'),
        rules: { 'hazards.yaml': rule('no_hard_hat') },
        target: storeTargets[0]!,
        env: { COSMOS_URL: peer.url, COSMOS_API_KEY: 'sk-test-secret-123' },
      });
      watcher = connectSocket(harness.vigil.url);
    });

    afterAll(async () => {
      watcher?.close();
      await harness?.dispose();
      await peer?.close();
    });

    it('opens an alert carrying the boxes, the reasoning, the model and the frames it saw', async () => {
      const opened: AlertDto = await nextEvent(watcher, 'alert:new', (a) => a.ruleId === 'no-hard-hat-rule', 30_000);
      const answer = JSON.parse(ANSWER_JSON) as { hazards: { boxes: { bbox_2d: number[] }[] }[] };
      const [x1, y1, x2, y2] = answer.hazards[0]!.boxes[0]!.bbox_2d;
      expect(opened.boxes).toEqual([{ x1, y1, x2, y2, label: 'worker' }]);
      expect(opened.observation).toMatchObject({ hazard: 'no_hard_hat', confidence: 0.82, thinking: THINK_TEXT, modelId: MODEL });
      expect(opened.observation!.promptHash).toMatch(/^[0-9a-f]{64}$/);
      expect(opened.observation!.frameTimes.length).toBeGreaterThan(0);
      expect(opened.evidence.some((e) => e.kind === 'snapshot')).toBe(true);

      // What went to the model: system turn, then per frame a timestamp text and a JPEG, then the question.
      const request = peer.requests.find((r) => r.path.endsWith('/chat/completions'))!;
      const user = (request.body as { messages: { role: string; content: { type: string; text?: string }[] }[] }).messages[1]!;
      expect(user.content[0]).toMatchObject({ type: 'text', text: expect.stringMatching(/^<\d+\.\d seconds>$/) });
      expect(user.content[1]!.type).toBe('image_url');
      expect(user.content.at(-1)!.text).toContain('no_hard_hat');
      expect(request.headers.authorization).toBe('Bearer sk-test-secret-123');
    });

    it('reports the reasoner and its windows, and never shows the API key', async () => {
      const health = await fetch(`${harness.vigil.url}/healthz`);
      const body = (await health.json()) as HealthDto;
      expect(body.reasoner).toMatchObject({ backend: 'openai', state: 'ok', breaker: 'closed' });
      const reasoning = await api<ReasoningDto>(harness.vigil, '/api/reasoning');
      expect(reasoning.body.windows[0]).toMatchObject({ cameraId: 'dock-7', outcome: 'ok', hazards: [{ hazard: 'no_hard_hat', present: true }] });
      expect(reasoning.body.counters.completed).toBeGreaterThan(0);
      const metrics = await (await fetch(`${harness.vigil.url}/metrics`)).text();
      expect(metrics).toMatch(/vigil_model_calls_total\{outcome="ok"\} [1-9]/);
      expect(metrics).toMatch(/vigil_reasoner_up 1/);
      for (const text of [JSON.stringify(body), JSON.stringify(reasoning.body), metrics]) expect(text).not.toContain('sk-test-secret-123');
      const system = await api<SystemDto>(harness.vigil, '/api/system');
      expect(system.body.reasoner).toMatchObject({ backend: 'openai', state: 'ok' });
      expect(system.body.cameras).toEqual([expect.objectContaining({ cameraId: 'dock-7', name: 'Loading dock 7', state: 'online' })]);
      const stages = Object.fromEntries(system.body.stages.map((s) => [s.stage, s]));
      for (const stage of ['gate', 'rules', 'prompt', 'model', 'parse']) expect(stages[stage]?.p95Ms, stage).toBeGreaterThanOrEqual(0);
      const rules = await api<RulePackListDto>(harness.vigil, '/api/rules');
      expect(rules.body.items[0]!.rules[0]!.when).not.toHaveProperty('waitingFor');
    });

    it('records an unreadable reply without raising an alert', async () => {
      peer.scenario = { kind: 'garbage', body: JSON.stringify({ choices: [{ message: { content: 'I cannot help with that.' } }] }) };
      const before = Number(/vigil_model_replies_unreadable_total (\d+)/.exec(await (await fetch(`${harness.vigil.url}/metrics`)).text())?.[1] ?? 0);
      await expect.poll(async () => {
        const text = await (await fetch(`${harness.vigil.url}/metrics`)).text();
        return Number(/vigil_model_replies_unreadable_total (\d+)/.exec(text)?.[1] ?? 0);
      }, { timeout: 20_000, interval: 500 }).toBeGreaterThan(before);
      const reasoning = await api<ReasoningDto>(harness.vigil, '/api/reasoning');
      expect(reasoning.body.windows.some((w) => w.outcome === 'unreadable' && w.error)).toBe(true);
    });
  });

  describe('onnx backend in process (a tiny Qwen3-VL model with the real export layout)', () => {
    let harness: Awaited<ReturnType<typeof startTestVigil>>;
    let watcher: VigilSocket;

    beforeAll(async () => {
      const dir = await buildTinyQwen3VlModel();
      harness = await startTestVigil({
        siteYaml: site(`{ backend: onnx, onnxDir: "${dir}", dtype: fp32, model: ${MODEL}, heartbeat: 5s, visionTokens: 64 }`),
        rules: { 'hazards.yaml': rule('person-in-zone', ', zone: dock-edge') },
        target: storeTargets[0]!,
      });
      watcher = connectSocket(harness.vigil.url);
    });

    afterAll(async () => {
      watcher?.close();
      await harness?.dispose();
    });

    it('runs the frames through the processor, the vision encoder and generate, and alerts on the answer', async () => {
      const opened: AlertDto = await nextEvent(watcher, 'alert:new', (a) => a.ruleId === 'person-in-zone-rule', 60_000);
      expect(opened.boxes).toEqual([{ x1: 100, y1: 200, x2: 300, y2: 400, label: 'person' }]);
      expect(opened.observation).toMatchObject({ hazard: 'person-in-zone', confidence: 0.9, reason: 'person inside', thinking: 'a person is inside the zone' });
      const health = (await (await fetch(`${harness.vigil.url}/healthz`)).json()) as HealthDto;
      expect(health.reasoner).toMatchObject({ backend: 'onnx', state: 'ok' });
    });
  });
});
