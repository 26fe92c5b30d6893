import { describe, expect, it } from 'vitest';
import type { ModelPrompt } from '../reasoner.js';
import { buildChatRequest, timestampText } from './openai-request.js';

const prompt: ModelPrompt = {
  system: 'sys',
  images: [
    { atSeconds: 0, width: 2, height: 2, jpeg: Buffer.from([1, 2]) },
    { atSeconds: 1.25, width: 2, height: 2, jpeg: Buffer.from([3]) },
  ],
  text: 'question',
  reasoning: false,
  sampling: { temperature: 0.7, topP: 0.8, topK: 20, presencePenalty: 1.5, maxTokens: 4096 },
};

describe('timestampText', () => {
  it('writes seconds with one decimal, as the Qwen3-VL processor does', () => {
    expect([0, 0.5, 2, 12.25].map(timestampText)).toEqual(['<0.0 seconds>', '<0.5 seconds>', '<2.0 seconds>', '<12.3 seconds>']);
  });
});

describe('buildChatRequest', () => {
  it('lays out system, then timestamped frames, then the text', () => {
    expect(buildChatRequest(prompt, 'm', 'images')).toEqual({
      model: 'm',
      messages: [
        { role: 'system', content: 'sys' },
        {
          role: 'user',
          content: [
            { type: 'text', text: '<0.0 seconds>' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,AQI=' } },
            { type: 'text', text: '<1.3 seconds>' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,Aw==' } },
            { type: 'text', text: 'question' },
          ],
        },
      ],
      temperature: 0.7,
      top_p: 0.8,
      top_k: 20,
      presence_penalty: 1.5,
      max_tokens: 4096,
    });
  });

  it('sends a clip instead of frames in video mode', () => {
    const request = buildChatRequest({ ...prompt, video: { mp4: Buffer.from([9]), fps: 4 } }, 'm', 'video');
    expect(request.messages[1].content).toEqual([
      { type: 'video_url', video_url: { url: 'data:video/mp4;base64,CQ==' } },
      { type: 'text', text: 'question' },
    ]);
    expect(request.mm_processor_kwargs).toEqual({ fps: 4 });
  });
});
