// Expected outcomes are values, bugs are exceptions: a rule that says "no" returns a DomainError
// with a stable code and the facts behind it; adapters translate the code into words.

export interface DomainError {
  readonly code: string;
  readonly params: Readonly<Record<string, string | number>>;
}

export type Result<T, E = DomainError> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail(code: string, params: Record<string, string | number> = {}): { ok: false; error: DomainError } {
  return { ok: false, error: { code, params } };
}
