/**
 * The structured logger shared by the worker, the server and the launcher: a constant message
 * plus ids. Names, emails, profiles and tokens are redacted even if a caller passes them.
 */
import pino from 'pino';

export type AppLogger = pino.Logger;

export function createLogger(level: string): AppLogger {
  return pino({
    level,
    base: { service: 'tenure' },
    redact: {
      paths: ['*.email', '*.login', '*.firstName', '*.lastName', '*.profile', '*.token'],
      censor: '[redacted]',
    },
  });
}
