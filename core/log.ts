/**
 * A small leveled logger writing to stderr, so the CLI's stdout stays machine-readable.
 * ATELIER_LOG=debug|info|warn|error|silent chooses the level (default: warn; tests set silent).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

function threshold(): number {
  const env = process.env['ATELIER_LOG'] as LogLevel | undefined;
  return order[env && env in order ? env : 'warn'];
}

function write(level: Exclude<LogLevel, 'silent'>, scope: string, message: string, fields?: object): void {
  if (order[level] < threshold()) return;
  const extra = fields ? ' ' + JSON.stringify(fields) : '';
  process.stderr.write(`${new Date().toISOString()} ${level} [${scope}] ${message}${extra}\n`);
}

export interface Logger {
  debug(message: string, fields?: object): void;
  info(message: string, fields?: object): void;
  warn(message: string, fields?: object): void;
  error(message: string, fields?: object): void;
}

export function logger(scope: string): Logger {
  return {
    debug: (m, f) => write('debug', scope, m, f),
    info: (m, f) => write('info', scope, m, f),
    warn: (m, f) => write('warn', scope, m, f),
    error: (m, f) => write('error', scope, m, f),
  };
}
