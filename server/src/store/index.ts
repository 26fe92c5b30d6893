export * from './ports.js';
export * from './create-store.js';
export type { Database, DatabaseKind, Db } from './db.js';
export { decodeAlertCursor, encodeAlertCursor, type AlertCursor } from './alert-cursor.js';
export { planTransition, statusAfterClear } from './alert-transitions.js';
export { MAX_PAGE_SIZE } from './alert-filter.js';
export { SYSTEM_ACTOR } from './alert.repository.js';
export type { RetentionAlertInfo, RetentionRepository } from './retention.repository.js';
