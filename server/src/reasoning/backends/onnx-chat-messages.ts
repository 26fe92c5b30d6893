/**
 * A ModelPrompt as Qwen3-VL chat messages for the model's own chat template: the system turn, then one user
 * turn with, for each frame, its `<t seconds>` timestamp text followed by the image, and the question last.
 */
import type { ModelPrompt } from '../reasoner.js';

export type ChatPart = { type: 'text'; text: string } | { type: 'image' };

export interface ChatMessage {
  role: 'system' | 'user';
  content: string | ChatPart[];
}

/** Qwen3-VL's processor writes frame times as `<{t:.1f} seconds>`; frames sent as images carry the same text. */
export function frameTimestamp(atSeconds: number): string {
  return `<${atSeconds.toFixed(1)} seconds>`;
}

export function buildChatMessages(prompt: Pick<ModelPrompt, 'system' | 'images' | 'text'>): ChatMessage[] {
  const media: ChatPart[] = prompt.images.flatMap((image): ChatPart[] => [
    { type: 'text', text: frameTimestamp(image.atSeconds) },
    { type: 'image' },
  ]);
  const user: ChatMessage = { role: 'user', content: [...media, { type: 'text', text: prompt.text }] };
  return prompt.system.length > 0 ? [{ role: 'system', content: prompt.system }, user] : [user];
}
