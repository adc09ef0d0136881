// Every repository and store over the one database, each built once: the features below share them.
import { createCaseRepository } from '../adapters/db/case-repository.js';
import { createChatDirectory } from '../adapters/db/chat-directory.js';
import { createConsoleQueries } from '../adapters/db/console-queries.js';
import { createCaseQueries } from '../adapters/db/case-queries.js';
import { createCaseDetailQueries } from '../adapters/db/case-detail-queries.js';
import { createQueueQueries } from '../adapters/db/queue-queries.js';
import type { Database } from '../adapters/db/connect.js';
import { createDigestRepository } from '../adapters/db/digest-repository.js';
import { createEscalationRepository } from '../adapters/db/escalation-repository.js';
import { createInboundReceipts } from '../adapters/db/inbound-receipts.js';
import { createInvitationRepository } from '../adapters/db/invitation-repository.js';
import { createLapseFinder } from '../adapters/db/lapse-queries.js';
import { createOutboxRepository } from '../adapters/db/outbox-repository.js';
import { createRunCoordinator } from '../adapters/db/run-coordinator.js';
import { createSignInLinks, createStaffDirectory, createWebSessions } from '../adapters/db/staff-repository.js';
import type { Policy } from '../domain/policy.js';
import type { WorkingDayCalendar } from '../domain/calendar/working-days.js';

export function createStores(db: Database, planning: { readonly calendar: WorkingDayCalendar; readonly policy: Policy }) {
  const outbox = createOutboxRepository(db);
  return {
    cases: createCaseRepository(db, planning),
    outbox,
    digests: createDigestRepository(db),
    escalations: createEscalationRepository(db),
    invitations: createInvitationRepository(db),
    chats: createChatDirectory(db),
    /** Inbound Telegram updates and Slack requests already handled, shared by both listeners. */
    receipts: createInboundReceipts(db),
    coordinator: createRunCoordinator(db),
    /** The web console's staff, sign-in links, sessions and read-only queries. */
    staff: createStaffDirectory(db),
    signInLinks: createSignInLinks(db),
    webSessions: createWebSessions(db),
    console: createConsoleQueries(db),
    caseQueries: createCaseQueries(db),
    /** The case page's deliveries, escalations and audit log. */
    caseDetails: createCaseDetailQueries(db, outbox),
    /** The console's lists of unresolved escalations and of deliveries by state. */
    queues: createQueueQueries(db, outbox),
    /** Cases whose certificate's expiry has passed, for the daily lapse. */
    lapses: createLapseFinder(db),
  };
}

export type Stores = ReturnType<typeof createStores>;
