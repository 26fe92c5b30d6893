import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiReasoner } from '../../server/src/reasoning/backends/openai-reasoner.adapter.js';
import { parseReply } from '../../server/src/reasoning/cosmos/index.js';
import type { ModelPrompt } from '../../server/src/reasoning/reasoner.js';
import { startInstantVerdictPeer, type InstantVerdictPeer } from './instant-verdict-peer.js';
import { THINKING } from './verdict-answer.js';

const MODEL = 'nvidia/Cosmos-Reason2-2B';
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);
const prompt: ModelPrompt = {
  system: 'You are a helpful assistant.',
  images: [0, 0.5].map((atSeconds) => ({ atSeconds, width: 32, height: 32, jpeg })),
  text: 'Answer each of these questions:\n1. hazard "person_in_cell": Is a person inside?\n2. hazard "no_hard_hat": Is a hat missing?',
  reasoning: true,
  sampling: { temperature: 0.6, topP: 0.95, topK: 20, maxTokens: 4096 },
};

describe('the benchmarks\' instant-verdict stand-in server, through Vigil\'s openai backend', () => {
  let peer: InstantVerdictPeer;
  beforeAll(async () => {
    peer = await startInstantVerdictPeer({ model: MODEL, finding: true });
  });
  afterAll(async () => {
    await peer?.close();
  });

  it('passes the backend\'s probe for the model it serves', async () => {
    const reasoner = createOpenAiReasoner({ url: peer.url, model: MODEL });
    expect(await reasoner.probe()).toMatchObject({ state: 'ok', modelId: MODEL });
    const other = createOpenAiReasoner({ url: peer.url, model: 'some/other-model' });
    expect((await other.probe()).state).toBe('unreachable');
  });

  it('answers every asked hazard with think text apart, and counts the call and its images', async () => {
    const reasoner = createOpenAiReasoner({ url: peer.url, model: MODEL });
    const before = peer.calls;
    const reply = await reasoner.complete(prompt, {});
    expect(reply).toMatchObject({ reasoning: THINKING, modelId: MODEL });
    const parsed = parseReply(reply, ['person_in_cell', 'no_hard_hat']);
    expect(parsed).toMatchObject({ ok: true, missing: [], problems: [] });
    expect(peer.calls).toBe(before + 1);
    expect(peer.imagesPerCall.at(-1)).toBe(2);
    expect(peer.requestBytes.at(-1)).toBeGreaterThan(100);
  });
});
