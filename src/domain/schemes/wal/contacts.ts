// Whom a 网安联 applicant deals with: the implementation text (seed 002) names 网安联认证中心 as the
// certification body and publishes no phone or email for it.
import type { ContactDirectory } from '../contacts.js';

export const walContacts: ContactDirectory = {
  centre: { id: 'wal-centre', name: '网安联认证中心', province: null, aliases: [], phone: null, fax: null, email: null, address: null },
  regional: [],
};
