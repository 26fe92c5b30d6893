export * from './live-video.adapter.js';
export * from './live-video-hub.js';
export * from './webrtc-peer.adapter.js';
export * from './jsmpeg-args.js';
export * from './jsmpeg-channel.js';
export * from './stream-tracker.js';
