export * from './socket-gateway.js';
