import sharp from 'sharp';
import type { Frame } from '../domain/index.js';
import { i420ToRgb } from './i420.js';

export interface EncodedJpeg {
  jpeg: Buffer;
  width: number;
  height: number;
}

export interface JpegOptions {
  /** Exact output size; the picture is scaled to fill it (the caller keeps the aspect). */
  size?: { width: number; height: number };
  /** 1–100. */
  quality?: number;
}

const DEFAULT_QUALITY = 82;

/** Encodes a frame as a baseline JPEG, optionally scaled down, through libvips (sharp). */
export async function encodeFrameJpeg(frame: Frame, options: JpegOptions = {}): Promise<EncodedJpeg> {
  const rgb = i420ToRgb(frame);
  let image = sharp(rgb, { raw: { width: frame.width, height: frame.height, channels: 3 } });
  const size = options.size ?? { width: frame.width, height: frame.height };
  if (size.width !== frame.width || size.height !== frame.height) image = image.resize(size.width, size.height, { fit: 'fill', kernel: 'lanczos3' });
  const jpeg = await image.jpeg({ quality: options.quality ?? DEFAULT_QUALITY, mozjpeg: false, chromaSubsampling: '4:2:0' }).toBuffer();
  return { jpeg, width: size.width, height: size.height };
}

const fullSize = new WeakMap<Frame, Promise<Buffer>>();

/**
 * The frame at its sampled size as JPEG, encoded once however many ask (viewers polling a snapshot, an alert
 * and a model call on the same frame). The cache lives as long as the frame does.
 */
export function frameJpeg(frame: Frame): Promise<Buffer> {
  let encoded = fullSize.get(frame);
  if (!encoded) {
    encoded = encodeFrameJpeg(frame).then((result) => result.jpeg);
    fullSize.set(frame, encoded);
    encoded.catch(() => fullSize.delete(frame));
  }
  return encoded;
}
