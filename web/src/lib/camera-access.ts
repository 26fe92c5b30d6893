/** What the browser offers for publishing its camera. */
export interface CameraSupport {
  secureContext: boolean;
  getUserMedia: boolean;
  peerConnection: boolean;
}

/** Why this browser cannot publish its camera, or null when it can. */
export function unsupportedReason(support: CameraSupport): string | null {
  if (!support.secureContext) {
    return 'Browsers share their camera only with pages served over HTTPS (or from localhost). Open Vigil over HTTPS on this device, or publish with another device below.';
  }
  if (!support.getUserMedia) return 'This browser cannot share its camera (no getUserMedia).';
  if (!support.peerConnection) return 'This browser cannot send video over WebRTC.';
  return null;
}

/** A getUserMedia failure (a DOMException's name and message) in words the person at the device can act on. */
export function cameraErrorMessage(error: { name?: string; message?: string }): string {
  switch (error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'The browser was not allowed to use the camera. Allow camera access for this site (the camera icon by the address), then press Start again.';
    case 'NotFoundError':
      return 'No camera was found on this device.';
    case 'OverconstrainedError':
      return 'The chosen camera is not available any more. Choose another camera and press Start again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The camera could not be started: another app may be using it. Close that app and press Start again.';
    default:
      return `The camera could not be opened${error.message ? `: ${error.message}` : '.'}`;
  }
}
