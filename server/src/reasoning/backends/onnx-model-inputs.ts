/**
 * Model inputs for a chat text and its frames. transformers.js v4's Qwen-VL image processor stacks a list of
 * images as the temporal frames of ONE image (and fails on frames of different sizes), so each frame goes
 * through the image processor on its own, as Qwen3-VL treats separate images, and the image placeholders are
 * expanded here the way Qwen2VLProcessor does it.
 */
import { cat, type Processor, type RawImage, type Tensor } from '@huggingface/transformers';

export const IMAGE_PAD = '<|image_pad|>';

/** Replaces the i-th image placeholder with `visualTokens[i]` copies of it. */
export function expandImagePads(text: string, visualTokens: number[]): string {
  const parts = text.split(IMAGE_PAD);
  if (parts.length - 1 !== visualTokens.length) {
    throw new Error(`the chat text has ${parts.length - 1} image placeholders for ${visualTokens.length} images`);
  }
  return parts.reduce((expanded, part, i) => expanded + IMAGE_PAD.repeat(visualTokens[i - 1] ?? 0) + part);
}

/** Visual tokens of one image: its t·h·w patches, merged merge² to one. */
export function visualTokenCount(gridThw: ArrayLike<bigint | number>, mergeSize: number): number {
  const patches = Array.from(gridThw, Number).reduce((product, n) => product * n, 1);
  return Math.floor(patches / (mergeSize * mergeSize));
}

export interface ModelInputs {
  input_ids: Tensor;
  attention_mask: Tensor;
  pixel_values?: Tensor;
  image_grid_thw?: Tensor;
}

export async function buildModelInputs(processor: Processor, text: string, images: RawImage[]): Promise<ModelInputs> {
  const { image_processor: imageProcessor, tokenizer } = processor;
  if (!tokenizer) throw new Error('the model folder has no tokenizer');
  if (images.length === 0) return tokenizer(text) as ModelInputs;
  if (!imageProcessor) throw new Error('the model folder has no image processor');

  const mergeSize = Number((imageProcessor.config as { merge_size?: number }).merge_size ?? 2);
  const perImage = await Promise.all(images.map((image) => imageProcessor(image) as Promise<Required<ModelInputs>>));
  const grids = perImage.map((inputs) => inputs.image_grid_thw);
  const expanded = expandImagePads(
    text,
    grids.map((grid) => visualTokenCount(grid.data as BigInt64Array, mergeSize)),
  );
  return {
    ...(tokenizer(expanded) as ModelInputs),
    pixel_values: cat(perImage.map((inputs) => inputs.pixel_values), 0),
    image_grid_thw: cat(grids, 0),
  };
}
