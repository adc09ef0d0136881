// Importing from the console: the same dry run and the same all-or-nothing import as
// `certbell import`, by the signed-in member. After an import, escalations that the new events met
// are resolved at once, as the command line does (only when Slack is configured).
import type { EscalationDeps } from '../escalation-ports.js';
import { importCases, previewImport } from '../import-cases.js';
import type { ImportPreview, ImportResult } from '../import-cases.js';
import type { ImportSource } from '../import-ports.js';
import type { Deps } from '../ports.js';
import { settleCases } from '../record-event.js';

export interface ImportDeps {
  readonly deps: Deps;
  readonly escalations: EscalationDeps | null;
}

export function previewUpload(importing: ImportDeps, source: ImportSource, email: string, applyChanges: boolean): Promise<ImportPreview> {
  return previewImport(importing.deps, source, { actor: `web:${email}`, applyChanges });
}

export async function applyUpload(importing: ImportDeps, source: ImportSource, email: string, applyChanges: boolean): Promise<ImportResult> {
  const result = await importCases(importing.deps, source, { actor: `web:${email}`, applyChanges });
  if (result.ok) {
    const settled = [...result.value.extended, ...result.value.changed];
    if (settled.length) await settleCases({ escalations: importing.escalations }, settled);
  }
  return result;
}
