// What a caught value says, in one place: `catch` hands over `unknown`, and libraries throw strings,
// plain objects and Errors alike.

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The caught value as an Error, for code that must reject or rethrow one. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * The `err` field of a log line: message and stack, each passed through `redact` (a library's error
 * can quote a request URL with a token in it).
 */
export function errorFields(error: unknown, redact: (text: string) => string = (text) => text): { message: string; stack?: string } {
  const stack = error instanceof Error ? error.stack : undefined;
  return { message: redact(errorMessage(error)), ...(stack ? { stack: redact(stack) } : {}) };
}
