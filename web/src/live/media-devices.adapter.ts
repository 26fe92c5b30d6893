import { cameraErrorMessage, unsupportedReason } from '../lib/camera-access.js';
import type { Resolution } from '../lib/whip-publish.js';

export interface DeviceCamera {
  deviceId: string;
  /** Empty until the page has been allowed to use a camera once (browsers hide names before that). */
  label: string;
}

/** Why this page cannot publish its camera here, or null when it can. */
export function publishUnsupportedReason(): string | null {
  return unsupportedReason({
    secureContext: window.isSecureContext,
    getUserMedia: typeof navigator.mediaDevices?.getUserMedia === 'function',
    peerConnection: typeof RTCPeerConnection !== 'undefined',
  });
}

/** The device's cameras. */
export async function listCameras(): Promise<DeviceCamera[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices.filter((d) => d.kind === 'videoinput' && d.deviceId).map((d) => ({ deviceId: d.deviceId, label: d.label }));
}

/** Calls `listener` when cameras are plugged in or removed. */
export function onCamerasChanged(listener: () => void): () => void {
  const devices = navigator.mediaDevices;
  if (!devices?.addEventListener) return () => undefined;
  devices.addEventListener('devicechange', listener);
  return () => devices.removeEventListener('devicechange', listener);
}

/**
 * Opens a camera at about `resolution` (the nearest the camera offers). No `deviceId`: the back camera on a
 * phone (facingMode "environment"), the default camera elsewhere. Throws an Error worded for the user.
 */
export async function openCamera(deviceId: string | null, resolution: Resolution): Promise<MediaStream> {
  const video: MediaTrackConstraints = {
    width: { ideal: resolution.width },
    height: { ideal: resolution.height },
    ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: { ideal: 'environment' } }),
  };
  try {
    return await navigator.mediaDevices.getUserMedia({ video, audio: false });
  } catch (error) {
    throw new Error(cameraErrorMessage(error as { name?: string; message?: string }));
  }
}

/** Keeps the screen on while publishing (a phone that locks stops its camera); returns the release. */
export async function holdScreenAwake(): Promise<() => void> {
  try {
    const lock = await navigator.wakeLock?.request('screen');
    return () => void lock?.release().catch(() => undefined);
  } catch {
    // Refused (battery saver, not visible): publishing works, the screen may just turn off.
    return () => undefined;
  }
}
