// What certbell logs through: fields first, then a sentence (pino's order). pino's Logger fits as it
// is; tests pass a recorder, and code that must not log passes `silentLogger`.

export interface Logger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
