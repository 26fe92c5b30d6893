export * from './rolling-window.js';
export * from './zone-mask.js';
export * from './gray-image.js';
export * from './motion-detector.js';
export * from './tamper-detector.js';
export * from './pixel-gate.js';
