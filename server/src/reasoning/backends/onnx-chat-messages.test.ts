import { describe, expect, it } from 'vitest';
import { buildChatMessages, frameTimestamp } from './onnx-chat-messages.js';

const jpeg = Buffer.from([0xff, 0xd8]);

describe('buildChatMessages', () => {
  it('puts each frame after its timestamp, media before the question', () => {
    const messages = buildChatMessages({
      system: 'You are a helpful assistant.',
      images: [
        { atSeconds: 0, width: 4, height: 4, jpeg },
        { atSeconds: 0.5, width: 4, height: 4, jpeg },
      ],
      text: 'Is anyone in the zone?',
    });
    expect(messages).toEqual([
      { role: 'system', content: 'You are a helpful assistant.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: '<0.0 seconds>' },
          { type: 'image' },
          { type: 'text', text: '<0.5 seconds>' },
          { type: 'image' },
          { type: 'text', text: 'Is anyone in the zone?' },
        ],
      },
    ]);
  });

  it('leaves out an empty system turn', () => {
    expect(buildChatMessages({ system: '', images: [], text: 'q' })).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'q' }] },
    ]);
  });
});

it('writes frame times with one decimal, like the Qwen3-VL processor', () => {
  expect(frameTimestamp(2)).toBe('<2.0 seconds>');
  expect(frameTimestamp(12.34)).toBe('<12.3 seconds>');
});
