// How a file's case header differs from the stored case: what issue "imports that never corrupt a
// case" calls a contradiction. A stored value that is empty and a file that fills it is no
// contradiction (the file adds a fact); two different values are.
import type { StoredCase } from './import-ports.js';
import type { CaseHeader } from './validate-case.js';

export type DifferenceField = 'level' | 'organization' | 'province' | 'serviceType' | 'contact';

export interface CaseDifference {
  readonly field: DifferenceField;
  readonly stored: string;
  readonly value: string;
}

const shown = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '—' : String(value));

export function caseDifferences(stored: StoredCase, header: CaseHeader): CaseDifference[] {
  const differences: CaseDifference[] = [];
  if (stored.level !== header.level) differences.push({ field: 'level', stored: shown(stored.level), value: shown(header.level) });
  if (stored.organization.name !== header.organization.name) {
    differences.push({ field: 'organization', stored: stored.organization.name, value: header.organization.name });
  }
  const province = header.organization.province;
  if (stored.organization.province && province && stored.organization.province !== province) {
    differences.push({ field: 'province', stored: stored.organization.province, value: province });
  }
  if (stored.serviceType !== header.serviceType) differences.push({ field: 'serviceType', stored: shown(stored.serviceType), value: shown(header.serviceType) });
  for (const contact of header.contacts) {
    const same = stored.contacts.find((c) => c.email === contact.email);
    if (same && (same.name !== contact.name || same.locale !== contact.locale)) {
      differences.push({ field: 'contact', stored: `${same.name} <${same.email}> ${same.locale}`, value: `${contact.name} <${contact.email}> ${contact.locale}` });
    } else if (!same && stored.contacts.length) {
      differences.push({ field: 'contact', stored: stored.contacts.map((c) => c.email).join(', '), value: contact.email });
    }
  }
  return differences;
}
