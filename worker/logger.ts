/** Routes the Temporal SDK's own logs (workflow and activity `log`) through the app logger. */
import type { LogLevel, LogMetadata, Logger } from '@temporalio/common';

import type { AppLogger } from '../config/logger';

/** Adapts pino to the SDK's `Logger` interface for `Runtime.install`. */
export function temporalLogger(logger: AppLogger): Logger {
  const write = (level: LogLevel, message: string, meta?: LogMetadata) => {
    const method = level.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
    logger[method]({ ...(meta ?? {}) }, message);
  };

  return {
    log: write,
    trace: (m, meta) => write('TRACE', m, meta),
    debug: (m, meta) => write('DEBUG', m, meta),
    info: (m, meta) => write('INFO', m, meta),
    warn: (m, meta) => write('WARN', m, meta),
    error: (m, meta) => write('ERROR', m, meta),
  };
}
