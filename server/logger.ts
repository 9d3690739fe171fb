import pino, { type Logger } from 'pino';

/** JSON lines on stdout; secrets never reach it (see redact paths). */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'mwr12314' },
    redact: {
      paths: [
        '*.appSecret',
        '*.secret',
        '*.password',
        '*.sessionSecret',
        '*.dataKey',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  });
}
