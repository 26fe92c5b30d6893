export * from './model-manifest.js';
export * from './model-manifest.adapter.js';
export * from './vision-budget.js';
export * from './prompt-builder.js';
export * from './reply-parser.js';
