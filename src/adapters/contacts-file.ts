// Reads the operator's corrections to the schemes' contact directories (CERTBELL_CONTACTS_FILE): a
// JSON object keyed by directory entry id, each giving the fields to replace. 网安联 publishes no
// phone or email, so its entry is the one an operator fills in:
//   { "wal-centre": { "phone": "010-12345678", "email": "cert@example.cn" } }
// A field set to null removes the published value. An unknown id or a malformed field is refused,
// naming the file, the entry and the field.
import { z } from 'zod';
import type { ContactOverride, ContactOverrides } from '../app/contacts/contact-book.js';
import { readOperatorJson } from './operator-json-file.js';

const text = (max: number) => z.string().trim().min(1).max(max);

const entry = z.strictObject({
  name: text(200).optional(),
  phone: text(64).nullable().optional(),
  fax: text(64).nullable().optional(),
  email: z.email().max(254).nullable().optional(),
  address: text(300).nullable().optional(),
});

const file = z.record(z.string(), entry);

export class ContactsFileError extends Error {}

/** The overrides of the file; throws ContactsFileError naming the file, the entry, the field and the reason. */
export function loadContactOverrides(path: string, knownIds: readonly string[]): ContactOverrides {
  const data = readOperatorJson(path, file, ContactsFileError);
  const unknown = Object.keys(data).filter((id) => !knownIds.includes(id));
  if (unknown.length) {
    throw new ContactsFileError(unknown.map((id) => `${path}: ${id}: not an entry of any scheme's contact directory (entries: ${knownIds.join(', ')})`).join('; '));
  }
  return Object.fromEntries(
    Object.entries(data).map(([id, o]) => [id, Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as ContactOverride]),
  );
}
