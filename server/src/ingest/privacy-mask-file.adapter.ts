import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Camera } from '../domain/index.js';
import { MASK_SIZE, rasterizeMaskI420 } from '../imaging/privacy-mask.js';
import type { PrivacyMaskInput } from './ffmpeg-args.js';

/** `<dataDir>/masks/<cameraId>.yuv`: the camera's privacy mask as ffmpeg reads it. */
export const privacyMaskPathFor = (dataDir: string, cameraId: string): string => join(dataDir, 'masks', `${cameraId}.yuv`);

/**
 * Draws the camera's privacy masks to the file its ffmpeg reads, or removes a stale one; null when the camera has
 * no masks. Written under a temporary name and renamed, so a running ffmpeg never reads half a mask.
 */
export async function writePrivacyMask(dataDir: string, camera: Pick<Camera, 'id' | 'masks'>): Promise<PrivacyMaskInput | null> {
  const path = privacyMaskPathFor(dataDir, camera.id);
  const masks = camera.masks ?? [];
  if (masks.length === 0) {
    await rm(path, { force: true });
    return null;
  }
  await mkdir(join(dataDir, 'masks'), { recursive: true });
  const partial = `${path}.${randomBytes(4).toString('hex')}.part`;
  await writeFile(partial, rasterizeMaskI420(masks.map((mask) => mask.polygon)));
  await rename(partial, path);
  return { path, width: MASK_SIZE.width, height: MASK_SIZE.height };
}

/** Removes a camera's mask file (its masks were taken away); a missing file is fine. */
export async function removePrivacyMask(dataDir: string, cameraId: string): Promise<void> {
  await rm(privacyMaskPathFor(dataDir, cameraId), { force: true }).catch(() => undefined);
}
