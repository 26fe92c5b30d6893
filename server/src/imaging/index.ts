export * from './i420.js';
export * from './jpeg.adapter.js';
export * from './window-video.adapter.js';
export * from './privacy-mask.js';
