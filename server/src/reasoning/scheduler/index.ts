export * from './circuit-breaker.js';
export * from './clock.js';
export * from './manual-clock.js';
export * from './model-scheduler.js';
export * from './retry-policy.js';
export * from './scheduler-settings.js';
export * from './scheduler-types.js';
export * from './system-clock.adapter.js';
