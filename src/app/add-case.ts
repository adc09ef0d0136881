import { initialState } from '../domain/schemes/scheme.js';
import { schemeFor } from '../domain/schemes/registry.js';
import type { DomainError, Result } from '../domain/result.js';
import type { CaseRecord, Deps } from './ports.js';
import { validateCaseHeader } from './validate-case.js';
import type { CaseHeaderInput, FieldError } from './validate-case.js';

export async function addCase(
  deps: Deps,
  input: CaseHeaderInput,
  actor: string,
): Promise<Result<CaseRecord, DomainError | { code: 'case/invalid'; params: Record<string, never>; fields: FieldError[] }>> {
  const checked = validateCaseHeader(input);
  if (!checked.header) return { ok: false, error: { code: 'case/invalid', params: {}, fields: checked.errors } };
  const header = checked.header;
  if (await deps.cases.findByRef(header.ref)) return { ok: false, error: { code: 'case/exists', params: { ref: header.ref } } };
  const state = initialState(schemeFor(header.scheme), header.level, header.serviceType);
  const saved = await deps.cases.save(
    [{ ...header, newEvents: [], state, create: true, expectedVersion: 0 }],
    [{ actor, action: 'case.add', subject: header.ref, details: { scheme: header.scheme, level: header.level, organization: header.organization.name } }],
    deps.clock.now(),
  );
  if (!saved.ok) return saved;
  const stored = await deps.cases.findByRef(header.ref);
  if (!stored) throw new Error(`case ${header.ref} vanished after it was saved`);
  return { ok: true, value: stored };
}
