import type { ModelPrompt } from '../reasoner.js';

/** How frames reach the server: as timestamped images, or as one MP4 clip (a video-capable server). */
export type OpenAiMedia = 'images' | 'video';

export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'video_url'; video_url: { url: string } };

export interface ChatCompletionRequest {
  model: string;
  messages: [{ role: 'system'; content: string }, { role: 'user'; content: ChatContentPart[] }];
  temperature: number;
  top_p: number;
  top_k: number;
  presence_penalty?: number;
  max_tokens: number;
  mm_processor_kwargs?: { fps: number };
}

/**
 * The text sent before each frame. One decimal, as the Qwen3-VL processor writes the timestamps it embeds
 * in video, so frames sent as images read the way Cosmos Reason 2 saw time in training.
 */
export function timestampText(atSeconds: number): string {
  return `<${atSeconds.toFixed(1)} seconds>`;
}

/** The chat-completions body for one prompt: system turn, then one user turn with media before the text. */
export function buildChatRequest(prompt: ModelPrompt, model: string, media: OpenAiMedia): ChatCompletionRequest {
  const useVideo = media === 'video' && prompt.video !== undefined;
  const mediaParts: ChatContentPart[] = [];
  if (useVideo && prompt.video) {
    mediaParts.push({ type: 'video_url', video_url: { url: dataUrl('video/mp4', prompt.video.mp4) } });
  } else {
    for (const image of prompt.images) {
      mediaParts.push({ type: 'text', text: timestampText(image.atSeconds) });
      mediaParts.push({ type: 'image_url', image_url: { url: dataUrl('image/jpeg', image.jpeg) } });
    }
  }
  const { sampling } = prompt;
  return {
    model,
    messages: [
      { role: 'system', content: prompt.system },
      { role: 'user', content: [...mediaParts, { type: 'text', text: prompt.text }] },
    ],
    temperature: sampling.temperature,
    top_p: sampling.topP,
    top_k: sampling.topK,
    ...(sampling.presencePenalty !== undefined ? { presence_penalty: sampling.presencePenalty } : {}),
    max_tokens: sampling.maxTokens,
    ...(useVideo && prompt.video ? { mm_processor_kwargs: { fps: prompt.video.fps } } : {}),
  };
}

function dataUrl(mime: string, bytes: Buffer): string {
  return `data:${mime};base64,${bytes.toString('base64')}`;
}
