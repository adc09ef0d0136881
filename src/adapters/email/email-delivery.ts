// The email DeliveryChannel: one message per outbox row (plain text, or text and HTML with
// attachments), over SMTP with nodemailer.
// The dispatcher only sees outcomes, so this file decides which SMTP failures are worth a retry.
import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { NodemailerError, SendMailOptions, SMTPTransportOptions } from 'nodemailer';
import type { DeliveryChannel, DeliveryPolicy, DeliveryResult, OutgoingMessage } from '../../app/delivery.js';
import { asError } from '../../app/errors.js';

export interface EmailDeliveryOptions {
  /** `smtp://[user:password@]host[:port]` (STARTTLS when offered) or `smtps://…` (TLS from the start). */
  readonly smtpUrl: string;
  /** The From header, e.g. `证书提醒 <reminders@example.cn>`; its address is also the envelope sender. */
  readonly from: string;
  readonly replyTo?: string;
}

// Short enough that an unreachable server costs a dispatcher tick seconds, not the minutes of
// nodemailer's defaults; the message stays in the outbox and is retried with back-off.
const CONNECTION_TIMEOUT_MS = 5_000;
const GREETING_TIMEOUT_MS = 5_000;
const DNS_TIMEOUT_MS = 5_000;
// Inactivity, not total time: a server that scans content may take a while to answer DATA.
const SOCKET_TIMEOUT_MS = 15_000;
const SINGLE_ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/;
/** Reasons end up in the outbox row and in logs; a multi-line server reply need not all fit. */
const MAX_REASON_LENGTH = 500;

/** No provider limits to keep to, and an email wakes nobody; a contact is reached at their address, when they have one. */
export const emailPolicy: DeliveryPolicy = {
  addressOf: (contact) => (contact.email ? { address: contact.email } : null),
};

export function createEmailDelivery(options: EmailDeliveryOptions): DeliveryChannel {
  const smtp = parseSmtpUrl(options.smtpUrl);
  const redact = redactor(smtp.secrets);
  const transport = nodemailer.createTransport(smtp.transportOptions);

  return {
    id: 'email',
    policy: emailPolicy,
    async send(message: OutgoingMessage): Promise<DeliveryResult> {
      // nodemailer reads `to` as an address list: "a@x.cn, b@y.cn" from an imported contact
      // would send one person's reminder to two. Anything but one bare address is refused.
      if (!SINGLE_ADDRESS.test(message.address)) {
        return { kind: 'rejected', reason: 'not a single email address' };
      }
      try {
        const info = await transport.sendMail(mailOptions(options, message));
        return { kind: 'sent', providerId: info.messageId };
      } catch (error) {
        return classify(error, redact);
      }
    },
    async close(): Promise<void> {
      transport.close();
    },
  };
}

/** What nodemailer is given for a message: the same for sending and for an .eml preview. */
function mailOptions(options: Pick<EmailDeliveryOptions, 'from' | 'replyTo'>, message: OutgoingMessage): SendMailOptions {
  const replyTo = message.replyTo ?? options.replyTo;
  return {
    from: options.from,
    ...(replyTo !== undefined ? { replyTo } : {}),
    to: message.address,
    subject: oneLine(message.subject),
    text: message.text,
    // A client that shows HTML shows this; one that does not shows the text, which says the same.
    ...(message.html !== undefined ? { html: message.html } : {}),
    ...(message.attachments?.length
      ? { attachments: message.attachments.map((a) => ({ filename: a.filename, contentType: a.contentType, content: a.content })) }
      : {}),
    // The same outbox row always yields the same Message-ID, so a resend after a crash
    // between "accepted" and "recorded" is recognisably the same message; under the sender's domain,
    // as RFC 5322 asks, so that it is unique beyond this installation.
    messageId: messageIdFor(message.key, options.from),
    // RFC 3834: a reminder is machine-generated; vacation responders should stay quiet. RFC 2919: a
    // List-Id under the sender's domain lets readers filter certbell's mail. The message's own
    // headers (List-Unsubscribe…) cannot replace them.
    headers: {
      ...Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, oneLine(value)])),
      'Auto-Submitted': 'auto-generated',
      'List-Id': listIdFor(options.from),
    },
  };
}

/**
 * A header value from data (a subject with a company name in it) on one line: a line break would
 * end the header and let the data write headers of its own. nodemailer folds breaks into spaces
 * too; this does not depend on it.
 */
function oneLine(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\r\n\u0000\u2028\u2029]+/g, ' ');
}

/**
 * The message exactly as it would be sent (RFC 5322, CRLF line ends), without a server: for an
 * operator to open in a mail client before anything goes out. nodemailer knows 'windows' and 'unix'
 * (anything else leaves its LF), so the value matters.
 */
export async function buildEml(options: Pick<EmailDeliveryOptions, 'from' | 'replyTo'>, message: OutgoingMessage): Promise<Buffer> {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const info = await transport.sendMail(mailOptions(options, message));
  return info.message as Buffer;
}

/** `<sha256(key)@sender's domain>`: stable per outbox row and free of anything personal in the key. */
export function messageIdFor(key: string, from: string): string {
  return `<${createHash('sha256').update(key, 'utf8').digest('hex')}@${senderDomain(from)}>`;
}

/** `certbell <certbell.example.cn>`: RFC 2919, under the domain of SMTP_FROM. */
export function listIdFor(from: string): string {
  return `certbell <certbell.${senderDomain(from)}>`;
}

/**
 * The domain of the From address ("证书提醒 <reminders@Example.cn>" → "example.cn"); "localhost"
 * when it has none, which configuration does not allow for a real sender.
 */
export function senderDomain(from: string): string {
  const address = /<([^<>]*)>\s*$/.exec(from)?.[1] ?? from;
  const domain = address.slice(address.lastIndexOf('@') + 1).trim().toLowerCase();
  return address.includes('@') && /^[a-z0-9.-]+$/.test(domain) && domain.includes('.') ? domain : 'localhost';
}

function classify(error: unknown, redact: (text: string) => string): DeliveryResult {
  const err = asError(error) as NodemailerError;
  const reason = redact(describe(err)).slice(0, MAX_REASON_LENGTH);
  // Only a refusal of this recipient or this content is final. A 5xx to AUTH or MAIL FROM is our
  // configuration, shared by every message, so those stay in the outbox until it is fixed. 503
  // (bad sequence of commands) is a session glitch, not a verdict on the message (RFC 5321 4.2.1).
  const aboutThisMessage = err.command === 'RCPT TO' || err.command === 'DATA';
  const code = err.responseCode;
  if (aboutThisMessage && code !== undefined && code >= 500 && code !== 503) return { kind: 'rejected', reason };
  // 4xx, refused or dropped connections, timeouts and nodemailer's own errors: try again later.
  return { kind: 'retry', reason };
}

/** The server's own words when it answered, otherwise what went wrong on the way to it. */
function describe(err: NodemailerError): string {
  const where = err.command && err.command !== 'CONN' && err.command !== 'API' ? `${err.command}: ` : '';
  if (err.response) return `${where}${err.response.trim()}`;
  const code = [err.code, err.originalCode].filter(Boolean).join('/');
  return `${where}${code ? `${code} ` : ''}${err.message}`;
}

interface ParsedSmtpUrl {
  readonly transportOptions: SMTPTransportOptions;
  readonly secrets: readonly string[];
}

/**
 * Parsed here rather than handed to nodemailer as `url` so that a query string cannot switch the
 * pool on or TLS checks off, and so that no error message ever repeats the URL with its password.
 */
function parseSmtpUrl(smtpUrl: string): ParsedSmtpUrl {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    // Node's TypeError carries the input, password included: say what is wrong without it.
    throw new Error('SMTP URL is not a valid URL; expected smtp://[user:password@]host[:port] or smtps://…');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  if (!url.hostname) throw new Error('SMTP URL has no host');
  if (url.search || url.hash) throw new Error('SMTP URL options (?…) are not supported; the adapter sets its own');

  const user = decodeCredential(url.username);
  const pass = decodeCredential(url.password);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    transportOptions: {
      host,
      ...(url.port ? { port: Number(url.port) } : {}),
      secure,
      pool: false,
      ...(user || pass ? { auth: { user, pass } } : {}),
      // A local sink (the test server, a dev catcher) has no certificate worth checking; anything
      // beyond this machine keeps nodemailer's STARTTLS and certificate checks.
      ignoreTLS: !secure && isLoopback(host),
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      greetingTimeout: GREETING_TIMEOUT_MS,
      socketTimeout: SOCKET_TIMEOUT_MS,
      dnsTimeout: DNS_TIMEOUT_MS,
    },
    secrets: [user, pass, url.username, url.password],
  };
}

function decodeCredential(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Error('SMTP URL credentials must be percent-encoded (encodeURIComponent)');
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

/** Removes the credentials wherever a server or library might have echoed them. */
function redactor(secrets: readonly string[]): (text: string) => string {
  // Longest first, so that a password containing the user name is removed whole.
  const distinct = [...new Set(secrets.filter((secret) => secret.length > 0))].sort((a, b) => b.length - a.length);
  return (text) => distinct.reduce((out, secret) => out.split(secret).join('***'), text);
}
