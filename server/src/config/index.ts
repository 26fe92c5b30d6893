export * from './env-schema.js';
export * from './load-site-config.js';
export * from './site-schema.js';
export * from './yaml-source.js';
export * from './yaml-locate.js';
