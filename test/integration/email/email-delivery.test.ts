// The email channel end to end: real nodemailer → real SMTP on 127.0.0.1 → mailparser.
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEmailDelivery, listIdFor, messageIdFor, senderDomain } from '../../../src/adapters/email/email-delivery.js';
import type { DeliveryChannel, OutgoingMessage } from '../../../src/app/delivery.js';
import { startFakeSmtp, type FakeSmtpServer } from '../../fakes/fake-smtp.js';

const FROM = '证书提醒 <reminders@certbell.test>';

function reminder(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    address: 'zhang.wei@example.cn',
    subject: '【提醒】CNCE-NS 年度监督审核材料截止日期：2026年3月31日（星期二）',
    text: '张伟您好：\n\n贵单位的网络安全服务认证（安全集成二级）年度监督审核材料须于 2026年3月31日 前提交。\n依据：CNCE-NS 规则 R-12。\n\n—— certbell 自动提醒，请勿直接回复',
    key: 'case-42:surveillance-audit:2026-03-31:email',
    ...overrides,
  };
}

/** Credentials with characters that must be percent-encoded in a URL. */
const USER = 'certbell@mail';
const PASSWORD = 'pä ss:w/rd@9%';

function urlWithCredentials(smtp: FakeSmtpServer, user: string, password: string): string {
  const { port } = new URL(smtp.url);
  return `smtp://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
}

function expectNoCredentials(reason: string, ...secrets: string[]): void {
  for (const secret of secrets) {
    expect(reason).not.toContain(secret);
    expect(reason).not.toContain(encodeURIComponent(secret));
  }
}

describe('email delivery', () => {
  let smtp: FakeSmtpServer;
  let email: DeliveryChannel;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
    email = createEmailDelivery({ smtpUrl: smtp.url, from: FROM, replyTo: '认证服务台 <help@certbell.test>' });
  });
  afterEach(async () => {
    await smtp.start();
    smtp.reset();
  });
  afterAll(async () => {
    await email.close?.();
    await smtp.close();
  });

  it('is the email channel', () => {
    expect(email.id).toBe('email');
  });

  it('delivers Chinese subject, body and display names intact', async () => {
    const message = reminder();
    const result = await email.send(message);

    expect(result).toEqual({ kind: 'sent', providerId: messageIdFor(message.key, FROM) });
    expect(smtp.received).toHaveLength(1);
    const { envelope, mail, raw } = smtp.received[0]!;
    expect(envelope).toEqual({ from: 'reminders@certbell.test', to: ['zhang.wei@example.cn'] });
    expect(mail.subject).toBe(message.subject);
    expect(mail.text?.replace(/\n$/, '')).toBe(message.text);
    expect(mail.from?.value).toEqual([{ name: '证书提醒', address: 'reminders@certbell.test' }]);
    expect(mail.replyTo?.value).toEqual([{ name: '认证服务台', address: 'help@certbell.test' }]);
    expect(mail.to).toMatchObject({ value: [{ address: 'zhang.wei@example.cn' }] });
    expect(mail.headers.get('content-type')).toMatchObject({ value: 'text/plain', params: { charset: 'utf-8' } });
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.html).toBe(false);
    // Headers travel as 7-bit encoded words, so no relay has to be 8-bit or SMTPUTF8 clean.
    expect(raw.toString('latin1').split('\r\n\r\n')[0]).toMatch(/^[\x20-\x7e\r\n\t]*$/);
  });

  it('gives a message the same Message-ID every time it is sent, derived from its key, under the sender\'s domain, and a List-Id there too', async () => {
    const key = 'case-7:annual-fee:2026-06-30:email';
    const expected = `<${createHash('sha256').update(key).digest('hex')}@certbell.test>`;

    const first = await email.send(reminder({ key }));
    const again = await email.send(reminder({ key }));
    const other = await email.send(reminder({ key: 'case-7:annual-fee:2026-06-30:email:2' }));

    expect(first).toEqual({ kind: 'sent', providerId: expected });
    expect(again).toEqual(first);
    expect(other).toMatchObject({ kind: 'sent' });
    expect(other).not.toEqual(first);
    expect(smtp.received.map((r) => r.mail.messageId)).toEqual([expected, expected, messageIdFor('case-7:annual-fee:2026-06-30:email:2', FROM)]);
    // RFC 2919: the list is named under the domain of SMTP_FROM.
    for (const r of smtp.received) expect(r.raw.toString('latin1')).toMatch(/(^|\r\n)List-Id: certbell <certbell\.certbell\.test>\r\n/i);
  });

  it('takes the domain from the sender, whatever its form', () => {
    expect(senderDomain('证书提醒 <Reminders@Mail.Example.CN>')).toBe('mail.example.cn');
    expect(senderDomain('reminders@example.cn')).toBe('example.cn');
    expect(senderDomain('"a@b" <x@certbody.example.cn>')).toBe('certbody.example.cn');
    expect(senderDomain('certbell <certbell@localhost>')).toBe('localhost');
    expect(messageIdFor('k', 'x <a@example.cn>')).toMatch(/^<[0-9a-f]{64}@example\.cn>$/);
    expect(listIdFor('x <a@example.cn>')).toBe('certbell <certbell.example.cn>');
  });

  it('reports a recipient refused with 550 as rejected, in the server’s words', async () => {
    smtp.rejectRecipient('gone@example.cn', { code: 550, message: '5.1.1 <gone@example.cn>: Recipient address rejected: User unknown' });
    const result = await email.send(reminder({ address: 'gone@example.cn' }));
    expect(result).toEqual({ kind: 'rejected', reason: 'RCPT TO: 550 5.1.1 <gone@example.cn>: Recipient address rejected: User unknown' });
    expect(smtp.received).toEqual([]);
  });

  it('retries a recipient deferred with 451', async () => {
    smtp.rejectRecipient('zhang.wei@example.cn', { code: 451, message: '4.7.1 Greylisted, try again in 5 minutes' });
    const result = await email.send(reminder());
    expect(result).toEqual({ kind: 'retry', reason: 'RCPT TO: 451 4.7.1 Greylisted, try again in 5 minutes' });
  });

  it.each([
    [554, 'rejected', '5.7.1 Message content rejected'],
    [451, 'retry', '4.3.0 Temporary storage failure'],
    [421, 'retry', '4.3.2 Shutting down'],
  ] as const)('answers a %i after the content with %s', async (code, kind, message) => {
    smtp.failNextData({ code, message });
    const result = await email.send(reminder());
    expect(result).toMatchObject({ kind, reason: expect.stringContaining(`${code} ${message}`) });
    expect(smtp.received).toEqual([]);

    expect(await email.send(reminder())).toMatchObject({ kind: 'sent' });
  });

  it('retries quickly while the server is down, and sends once it is back', async () => {
    await smtp.stop();
    const started = performance.now();
    const result = await email.send(reminder());
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result).toMatchObject({ kind: 'retry', reason: expect.stringContaining('ECONNREFUSED') });

    await smtp.start();
    expect(await email.send(reminder())).toMatchObject({ kind: 'sent' });
    expect(smtp.received).toHaveLength(1);
  });

  it('refuses anything but a single address without contacting the server', async () => {
    for (const address of ['zhang.wei@example.cn, li.na@example.cn', 'not an address', '张伟 <zhang.wei@example.cn>', '']) {
      expect(await email.send(reminder({ address }))).toEqual({ kind: 'rejected', reason: 'not a single email address' });
    }
    expect(smtp.received).toEqual([]);
  });
});

describe('email delivery: a server that fails before the conversation starts', () => {
  let server: Server;
  let port: number;
  let greet: (socket: Socket) => void;
  beforeAll(async () => {
    server = createServer((socket) => greet(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('retries when the connection is dropped before the greeting', async () => {
    greet = (socket) => socket.destroy();
    const email = createEmailDelivery({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM });
    expect(await email.send(reminder())).toMatchObject({ kind: 'retry' });
  });

  it('retries when the greeting says the server is busy', async () => {
    greet = (socket) => socket.end('421 mx.example.cn Too many connections, try again later\r\n');
    const email = createEmailDelivery({ smtpUrl: `smtp://127.0.0.1:${port}`, from: FROM });
    expect(await email.send(reminder())).toMatchObject({ kind: 'retry', reason: expect.stringContaining('421') });
  });
});

describe('email delivery with credentials in the URL', () => {
  let smtp: FakeSmtpServer;
  beforeAll(async () => {
    smtp = await startFakeSmtp({ auth: { username: USER, password: PASSWORD } });
  });
  afterEach(async () => {
    await smtp.start();
    smtp.reset();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('logs in with the percent-decoded credentials', async () => {
    const email = createEmailDelivery({ smtpUrl: urlWithCredentials(smtp, USER, PASSWORD), from: FROM });
    expect(await email.send(reminder())).toMatchObject({ kind: 'sent' });
    expect(smtp.received[0]?.user).toBe(USER);
    await email.close?.();
  });

  it('retries a refused login (a configuration problem, not the recipient’s) without showing the password', async () => {
    const wrong = 'wrong-Pässword-123';
    const email = createEmailDelivery({ smtpUrl: urlWithCredentials(smtp, USER, wrong), from: FROM });
    const result = await email.send(reminder());
    expect(result).toMatchObject({ kind: 'retry', reason: expect.stringContaining('535') });
    expectNoCredentials((result as { reason: string }).reason, wrong, USER);
  });

  it('keeps the credentials out of the reason when the server is down', async () => {
    await smtp.stop();
    const email = createEmailDelivery({ smtpUrl: urlWithCredentials(smtp, USER, PASSWORD), from: FROM });
    const result = await email.send(reminder());
    expect(result.kind).toBe('retry');
    expectNoCredentials((result as { reason: string }).reason, PASSWORD, USER);
  });

  it('keeps the credentials out of the reason even when the server repeats them', async () => {
    smtp.rejectRecipient('zhang.wei@example.cn', { code: 550, message: `relaying denied for ${USER} (password ${PASSWORD})` });
    const email = createEmailDelivery({ smtpUrl: urlWithCredentials(smtp, USER, PASSWORD), from: FROM });
    const result = await email.send(reminder());
    expect(result).toEqual({ kind: 'rejected', reason: 'RCPT TO: 550 relaying denied for *** (password ***)' });
  });

  it('keeps the credentials out of the error for an unusable URL', () => {
    for (const smtpUrl of ['smtp://certbell:topsecret@', 'ftp://certbell:topsecret@mail.example.cn', 'smtp://certbell:topsecret@mail.example.cn?pool=true', 'smtp://certbell:top%ZZsecret@mail.example.cn']) {
      expect(() => createEmailDelivery({ smtpUrl, from: FROM })).toThrow(/SMTP URL/);
      try {
        createEmailDelivery({ smtpUrl, from: FROM });
      } catch (error) {
        expect(String(error)).not.toContain('topsecret');
        expect(JSON.stringify(error)).not.toContain('topsecret');
      }
    }
  });
});
