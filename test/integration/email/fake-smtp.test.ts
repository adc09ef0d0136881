// The fake SMTP server itself, driven by a plain nodemailer client, so that the adapter tests can
// trust what it records and the faults it injects.
import { connect, createServer } from 'node:net';
import nodemailer from 'nodemailer';
import type { NodemailerError, SMTPTransportOptions } from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSmtp, type FakeSmtpServer } from '../../fakes/fake-smtp.js';

function client(smtp: FakeSmtpServer, extra: Partial<SMTPTransportOptions> = {}) {
  const port = Number(new URL(smtp.url).port);
  return nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, connectionTimeout: 2_000, greetingTimeout: 2_000, ...extra });
}

function mailTo(to: string, subject = 'hello') {
  return { from: 'sender@certbell.test', to, subject, text: 'body' };
}

async function sendError(promise: Promise<unknown>): Promise<NodemailerError> {
  return promise.then(
    () => expect.fail('the send should have failed'),
    (error: NodemailerError) => error,
  );
}

/** Resolves with the server's first line, or rejects with the connection error (ECONNREFUSED). */
function greeting(smtp: FakeSmtpServer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(new URL(smtp.url).port), '127.0.0.1');
    socket.once('data', (data) => {
      socket.destroy();
      resolve(data.toString());
    });
    socket.once('error', reject);
  });
}

describe('fake SMTP server', () => {
  let smtp: FakeSmtpServer;
  beforeAll(async () => {
    smtp = await startFakeSmtp();
  });
  afterEach(async () => {
    await smtp.start(); // a test that stopped it must not leave it down for the next
    smtp.reset();
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('listens on 127.0.0.1 on a port of its own', () => {
    expect(smtp.url).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(Number(new URL(smtp.url).port)).toBeGreaterThan(0);
  });

  it('keeps each message with its envelope, parsed form and raw source', async () => {
    const info = await client(smtp).sendMail({
      from: 'sender@certbell.test',
      to: 'applicant@example.cn',
      envelope: { from: 'bounces@certbell.test', to: ['applicant@example.cn'] },
      subject: 'hello',
      text: 'body',
    });
    expect(info.accepted).toEqual(['applicant@example.cn']);
    expect(smtp.received).toHaveLength(1);
    const [received] = smtp.received;
    expect(received?.envelope).toEqual({ from: 'bounces@certbell.test', to: ['applicant@example.cn'] });
    expect(received?.mail.subject).toBe('hello');
    expect(received?.mail.text?.trim()).toBe('body');
    expect(received?.mail.messageId).toBe(info.messageId);
    expect(received?.raw.toString()).toContain('Subject: hello');
  });

  it('rejects a recipient for good with a 550 and the given words', async () => {
    smtp.rejectRecipient('Gone@Example.cn', { code: 550, message: 'No such user here' });
    const error = await sendError(client(smtp).sendMail(mailTo('gone@example.cn')));
    expect(error.responseCode).toBe(550);
    expect(error.command).toBe('RCPT TO');
    expect(error.response).toContain('No such user here');
    expect(smtp.received).toEqual([]);
  });

  it('defers a recipient with a 451 until reset', async () => {
    smtp.rejectRecipient('busy@example.cn', { code: 451 });
    const error = await sendError(client(smtp).sendMail(mailTo('busy@example.cn')));
    expect(error.responseCode).toBe(451);
    expect(error.command).toBe('RCPT TO');
    await sendError(client(smtp).sendMail(mailTo('busy@example.cn')));
    smtp.reset();
    await client(smtp).sendMail(mailTo('busy@example.cn'));
    expect(smtp.received).toHaveLength(1);
  });

  it('refuses the next messages at DATA, then accepts again', async () => {
    smtp.failNextData({ code: 451, message: 'Queue full' }, 2);
    const transport = client(smtp);
    for (let i = 0; i < 2; i++) {
      const error = await sendError(transport.sendMail(mailTo('a@example.cn', `try ${i}`)));
      expect(error.responseCode).toBe(451);
      expect(error.command).toBe('DATA');
      expect(error.response).toContain('Queue full');
    }
    await transport.sendMail(mailTo('a@example.cn', 'third'));
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['third']);
  });

  it.each([421, 554])('refuses DATA with %i', async (code) => {
    smtp.failNextData({ code });
    const error = await sendError(client(smtp).sendMail(mailTo('a@example.cn')));
    expect(error.responseCode).toBe(code);
    expect(smtp.received).toEqual([]);
  });

  it('refuses connections while stopped and comes back on the same port, again and again', async () => {
    const url = smtp.url;
    for (let cycle = 0; cycle < 10; cycle++) {
      await smtp.stop();
      expect(smtp.running).toBe(false);
      await expect(greeting(smtp)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
      await smtp.start();
      expect(smtp.url).toBe(url);
      expect(await greeting(smtp)).toMatch(/^220 /);
    }
    await client(smtp).sendMail(mailTo('a@example.cn', 'after the outage'));
    expect(smtp.received.map((r) => r.mail.subject)).toEqual(['after the outage']);
  });

  it('waits on restart for its port while something else holds it for a moment', async () => {
    const port = Number(new URL(smtp.url).port);
    await smtp.stop();
    const squatter = createServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const restarted = smtp.start();
    setTimeout(() => squatter.close(), 100);
    await restarted;
    expect(await greeting(smtp)).toMatch(/^220 /);
  });

  it('cuts off an open session when stopped, without waiting for it', async () => {
    const socket = connect(Number(new URL(smtp.url).port), '127.0.0.1');
    await new Promise((resolve) => socket.once('data', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    const started = Date.now();
    await smtp.stop();
    await closed;
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('fake SMTP server with a login', () => {
  let smtp: FakeSmtpServer;
  beforeAll(async () => {
    smtp = await startFakeSmtp({ auth: { username: 'certbell', password: 's3cret' } });
  });
  afterAll(async () => {
    await smtp.close();
  });

  it('accepts the right credentials and records the user', async () => {
    await client(smtp, { auth: { user: 'certbell', pass: 's3cret' } }).sendMail(mailTo('a@example.cn'));
    expect(smtp.received.at(-1)?.user).toBe('certbell');
  });

  it('refuses a wrong password with 535', async () => {
    const error = await sendError(client(smtp, { auth: { user: 'certbell', pass: 'wrong' } }).sendMail(mailTo('a@example.cn')));
    expect(error.code).toBe('EAUTH');
    expect(error.responseCode).toBe(535);
  });

  it('refuses mail without a login', async () => {
    const error = await sendError(client(smtp).sendMail(mailTo('a@example.cn')));
    expect(error.responseCode).toBe(530);
  });
});
