// A real SMTP server on 127.0.0.1 for the email tests: every message goes through the same
// protocol, MIME encoding and parsing as in production, and the faults the dispatcher has to cope
// with (a refused recipient, a busy server, an outage) can be switched on by the test.
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerOptions, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** What the client said in MAIL FROM and RCPT TO, which need not match the headers. */
  readonly envelope: { readonly from: string; readonly to: readonly string[] };
  /** The user the client logged in as, when the server asks for credentials. */
  readonly user?: string;
  readonly mail: ParsedMail;
  /** The message exactly as it came over the wire (after dot-unstuffing). */
  readonly raw: Buffer;
}

/** An SMTP error reply. 5xx tells the client to give up, 4xx to try again later, 421 also ends the session. */
export interface SmtpFault {
  readonly code: number;
  readonly message?: string;
}

export interface FakeSmtpOptions {
  /** Require a login (PLAIN or LOGIN, over the plain connection) with exactly these credentials. */
  readonly auth?: { readonly username: string; readonly password: string };
}

const HOST = '127.0.0.1';
/** How long start() keeps retrying when the port it gave up is briefly held by someone else. */
const RESTART_DEADLINE_MS = 5_000;

export class FakeSmtpServer {
  readonly received: ReceivedMail[] = [];
  private readonly rejectedRecipients = new Map<string, SmtpFault>();
  private dataFaults: SmtpFault[] = [];
  /** How long the server takes over each message before it answers (a slow mail server). */
  private acceptDelayMs = 0;
  /** While set, every message is read and then never answered (a hung mail server); released by hangData(false). */
  private hang: { readonly promise: Promise<void>; readonly release: () => void } | null = null;
  /** Messages read in full whose DATA has not been answered because the server hangs. */
  hangingNow = 0;
  private server: SMTPServer | undefined;
  // smtp-server's own close() lets open sessions finish for up to closeTimeout; an outage must
  // cut them at once, so the raw sockets are tracked and destroyed.
  private readonly sockets = new Set<Socket>();
  private port = 0;

  constructor(private readonly options: FakeSmtpOptions = {}) {}

  /** `smtp://127.0.0.1:PORT`, known once the server has been started. */
  get url(): string {
    if (this.port === 0) throw new Error('fake SMTP server not started yet');
    return `smtp://${HOST}:${this.port}`;
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  /** Each message is answered only after `ms`, as a slow or overloaded mail server does. */
  slowDown(ms: number): void {
    this.acceptDelayMs = ms;
  }

  /**
   * A hung mail server: connections are accepted and the conversation goes on up to the message's
   * content, which is read and never answered. hangData(false) lets the server work again; the
   * messages it hung on are dropped unanswered (a client that waited for them has gone by then).
   */
  hangData(on = true): void {
    if (on && !this.hang) {
      let release: () => void = () => undefined;
      const promise = new Promise<void>((resolve) => (release = resolve));
      this.hang = { promise, release };
    } else if (!on && this.hang) {
      this.hang.release();
      this.hang = null;
    }
  }

  /** Every RCPT TO for this address (case-insensitive) gets this reply until reset(). */
  rejectRecipient(address: string, fault: SmtpFault): void {
    this.rejectedRecipients.set(address.toLowerCase(), fault);
  }

  /** The next `times` messages are refused with this reply after their content was sent. */
  failNextData(fault: SmtpFault, times = 1): void {
    for (let i = 0; i < times; i++) this.dataFaults.push(fault);
  }

  /** Forgets received mail and injected faults, for a server shared by the tests of a file. */
  reset(): void {
    this.received.length = 0;
    this.rejectedRecipients.clear();
    this.dataFaults = [];
  }

  /** An outage: new connections are refused and open sessions are cut off mid-conversation. */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await closed;
  }

  /**
   * The first start takes a free port from the system; after stop() the server comes back on that
   * same port, so that clients configured with `url` reconnect.
   */
  async start(): Promise<void> {
    if (this.server) return;
    const deadline = Date.now() + RESTART_DEADLINE_MS;
    for (;;) {
      try {
        this.server = await this.listen(this.port);
        return;
      } catch (error) {
        // The port sat free while stopped, so an outgoing connection may have been given it as
        // its local port for a moment; it is released within milliseconds.
        if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || Date.now() > deadline) throw error;
        await sleep(20);
      }
    }
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private async listen(port: number): Promise<SMTPServer> {
    const server = new SMTPServer(this.serverOptions());
    // A client that hangs up mid-session (which the outage tests do on purpose) surfaces as an
    // 'error' event; without a listener it would crash the test process.
    server.on('error', () => {});
    server.server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, HOST, () => {
        server.server.off('error', reject);
        resolve();
      });
    });
    const address = server.server.address();
    if (address === null || typeof address === 'string') throw new Error('fake SMTP server has no TCP address');
    this.port = address.port;
    return server;
  }

  private serverOptions(): SMTPServerOptions {
    const auth = this.options.auth;
    return {
      logger: false,
      // No certificate to trust in tests, and no TLS means the client never tries STARTTLS.
      disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
      authOptional: !auth,
      allowInsecureAuth: true,
      // A reverse lookup of 127.0.0.1 only adds latency.
      disableReverseLookup: true,
      closeTimeout: 100,
      onAuth: (login, _session, callback) => {
        if (auth && login.username === auth.username && login.password === auth.password) {
          callback(null, { user: login.username });
        } else {
          callback(null, { message: 'Authentication credentials invalid', responseCode: 535 });
        }
      },
      onRcptTo: (address, _session, callback) => {
        const fault = this.rejectedRecipients.get(address.address.toLowerCase());
        callback(fault ? smtpError(fault, fault.code >= 500 ? 'Mailbox unavailable' : 'Mailbox busy, try again later') : null);
      },
      onData: (stream, session, callback) => {
        this.receive(stream, session).then(
          () => callback(null, 'Message accepted'),
          (error: Error) => callback(error),
        );
      },
    };
  }

  private async receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<void> {
    // The whole message is read even when it will be refused: smtp-server answers only after
    // the stream has ended.
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    if (this.hang) {
      this.hangingNow++;
      await this.hang.promise;
      this.hangingNow--;
      throw smtpError({ code: 421 }, 'Closing connection');
    }
    if (this.acceptDelayMs) await sleep(this.acceptDelayMs);
    const fault = this.dataFaults.shift();
    if (fault) throw smtpError(fault, 'Message refused');
    const raw = Buffer.concat(chunks);
    const mailFrom = session.envelope.mailFrom;
    this.received.push({
      envelope: { from: mailFrom ? mailFrom.address : '', to: session.envelope.rcptTo.map((rcpt) => rcpt.address) },
      ...(typeof session.user === 'string' ? { user: session.user } : {}),
      mail: await simpleParser(raw),
      raw,
    });
  }
}

/** A started server; `await smtp.close()` when done. */
export async function startFakeSmtp(options: FakeSmtpOptions = {}): Promise<FakeSmtpServer> {
  const smtp = new FakeSmtpServer(options);
  await smtp.start();
  return smtp;
}

function smtpError(fault: SmtpFault, defaultMessage: string): Error & { responseCode: number } {
  return Object.assign(new Error(fault.message ?? defaultMessage), { responseCode: fault.code });
}
