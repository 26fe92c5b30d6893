export * from './app.js';
export * from './api-token.js';
export * from './deps.js';
export { tokensMatch, bearerToken } from './token-match.js';
