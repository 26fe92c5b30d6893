import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON-lines logger. Camera URLs must be passed through redactUrl() before they reach it. */
export function createLogger(options: { level?: string; name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'vigil',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: ['url', '*.url', 'token', '*.token', 'password', '*.password', 'authorization', '*.authorization'], censor: '***' },
  });
}

/** A logger that drops everything, for tests and tools that want silence. */
export const silentLogger = (): Logger => pino({ level: 'silent' });
