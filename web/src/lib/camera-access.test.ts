import { describe, expect, it } from 'vitest';
import { cameraErrorMessage, unsupportedReason } from './camera-access.js';

describe('camera access', () => {
  it('explains why a browser cannot publish', () => {
    expect(unsupportedReason({ secureContext: true, getUserMedia: true, peerConnection: true })).toBeNull();
    expect(unsupportedReason({ secureContext: false, getUserMedia: false, peerConnection: true })).toMatch(/HTTPS/);
    expect(unsupportedReason({ secureContext: true, getUserMedia: false, peerConnection: true })).toMatch(/getUserMedia/);
    expect(unsupportedReason({ secureContext: true, getUserMedia: true, peerConnection: false })).toMatch(/WebRTC/);
  });

  it('turns getUserMedia failures into something to act on', () => {
    expect(cameraErrorMessage({ name: 'NotAllowedError', message: 'Permission denied' })).toMatch(/Allow camera access/);
    expect(cameraErrorMessage({ name: 'NotFoundError' })).toBe('No camera was found on this device.');
    expect(cameraErrorMessage({ name: 'OverconstrainedError' })).toMatch(/Choose another camera/);
    expect(cameraErrorMessage({ name: 'NotReadableError' })).toMatch(/another app/);
    expect(cameraErrorMessage({ name: 'TypeError', message: 'bad constraints' })).toBe('The camera could not be opened: bad constraints');
    expect(cameraErrorMessage({})).toBe('The camera could not be opened.');
  });
});
