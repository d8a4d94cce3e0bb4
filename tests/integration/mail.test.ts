import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { devOutboxHandler } from '../../src/lib/app/dev-outbox.ts';
import { MissingSecret } from '../../src/lib/http/deployment.ts';
import type { MailMessage, MailTransport } from '../../src/lib/mail/message.ts';
import { enqueue, listOutbox, resend, retryDelayMs, sendPending } from '../../src/lib/mail/outbox.ts';
import { statusChangedMessage, signInLinkMessage } from '../../src/lib/mail/templates.ts';
import { localMessages, MailSetupError, mailTransport, sendNow } from '../../src/lib/mail/transport.ts';
import type { SubmissionStore } from '../../src/lib/store/submissions.ts';
import { startBlobs } from '../../support/blobs.ts';
import { repoProgram } from '../../support/program.ts';
import { startSmtp, type TestSmtp } from '../../support/smtp.ts';
import { TestClock } from '../support/clock.ts';

const program = repoProgram();
const ORIGIN = 'https://pd.cedarvalley.example';
const FROM = 'Cedar Valley Professional Growth <pd@cedarvalley.example>';
const MINUTE = 60_000;

let blobs: Awaited<ReturnType<typeof startBlobs>>;
let store: SubmissionStore;
let smtp: TestSmtp;
let clock: TestClock;
const now = () => new Date(clock.now());

beforeEach(async () => {
  [blobs, smtp] = await Promise.all([startBlobs(), startSmtp()]);
  store = blobs.store;
  clock = new TestClock({ start: Date.parse('2026-11-24T18:00:00Z') });
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all([blobs.stop(), smtp.stop()]);
});

const smtpTransport = () => mailTransport({ SMTP_URL: smtp.url, MAIL_FROM: FROM }, store, true);

/** A change of status of one request: each version is its own message. */
function statusMessage(version: number, to = 'ana.reyes@cedarvalley.example'): MailMessage {
  return statusChangedMessage(program, {
    to,
    name: 'Ana Reyes',
    formName: 'Compensation request',
    receipt: 'CR-7K3M9QX2AB',
    statusLabel: `Step ${version}`,
    denied: false,
    statusUrl: `${ORIGIN}/requests/status/?receipt=CR-7K3M9QX2AB`,
    now: now(),
    version,
  });
}

describe('a queued message', () => {
  it('arrives through the mail server as text and HTML, from MAIL_FROM, with a Message-ID made from its id', async () => {
    const message = statusMessage(2);
    await enqueue(store, message);
    expect(await sendPending(store, smtpTransport(), { now })).toEqual({ sent: 1, failed: 0, held: 0, left: 0 });

    const mail = await smtp.next();
    expect(mail.subject).toBe(message.subject);
    expect(mail.from?.text).toBe(`"Cedar Valley Professional Growth" <pd@cedarvalley.example>`);
    expect(mail.to && !Array.isArray(mail.to) && mail.to.value[0]?.address).toBe('ana.reyes@cedarvalley.example');
    expect(mail.messageId).toBe(`<${message.id}@cedarvalley.example>`);
    expect(mail.text?.trim()).toBe(message.text.trim());
    expect(mail.html).toBe(message.html);

    const outbox = await listOutbox(store);
    expect(outbox.pending).toEqual([]);
    expect(outbox.sent.map((s) => [s.message.id, s.sentAt, s.attempts])).toEqual([[message.id, now().toISOString(), 1]]);
  });

  it('is delivered once even when two runs send at the same time', async () => {
    const messages = [1, 2, 3, 4, 5].map((v) => statusMessage(v));
    for (const message of messages) await enqueue(store, message);
    const transport = smtpTransport();

    const overlapping = await Promise.all([sendPending(store, transport, { now }), sendPending(store, transport, { now })]);
    // Two runs that meet on a message may both step back from it; the next run sends what they left.
    const after = await sendPending(store, transport, { now });

    expect(overlapping[0].sent + overlapping[1].sent + after.sent).toBe(5);
    expect(smtp.messages.map((m) => m.subject).toSorted()).toEqual(messages.map((m) => m.subject).toSorted());
    const outbox = await listOutbox(store);
    expect(outbox.pending).toEqual([]);
    expect(outbox.sent).toHaveLength(5);
  });

  it('is left alone by a run that starts while another is sending it, and not sent again by the first run', async () => {
    const messages = [1, 2, 3, 4, 5].map((v) => statusMessage(v));
    for (const message of messages) await enqueue(store, message);
    const smtpOut = smtpTransport();
    let second: Awaited<ReturnType<typeof sendPending>> | undefined;
    // The first run's first send waits for a whole second run to start and finish.
    const first: MailTransport = {
      describe: smtpOut.describe,
      send: async (message) => {
        second ??= await sendPending(store, smtpOut, { now });
        await smtpOut.send(message);
      },
    };

    const firstReport = await sendPending(store, first, { now });
    expect(second).toEqual({ sent: 4, failed: 0, held: 0, left: 1 });
    expect(firstReport).toEqual({ sent: 1, failed: 0, held: 0, left: 0 });
    expect(smtp.messages.map((m) => m.messageId).toSorted()).toEqual(messages.map((m) => `<${m.id}@cedarvalley.example>`).toSorted());
  });

  it('is one message when the same event is queued twice, at once or after it was sent', async () => {
    const message = statusMessage(2);
    const queued = await Promise.all([enqueue(store, message), enqueue(store, { ...message, createdAt: new Date(clock.now() + 1).toISOString() })]);
    expect(queued).toContain(true);
    expect(await enqueue(store, message)).toBe(false);
    expect((await listOutbox(store)).pending).toHaveLength(1);

    await sendPending(store, smtpTransport(), { now });
    expect(await enqueue(store, message)).toBe(false);
    await sendPending(store, smtpTransport(), { now });
    expect(smtp.messages).toHaveLength(1);
  });
});

describe('a message the mail server refuses for now', () => {
  it('waits 1, 2, 4... minutes after each failure, never more than an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => retryDelayMs(n) / MINUTE)).toEqual([1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('stays queued with a growing pause, and a later run delivers it', async () => {
    const message = statusMessage(2);
    await enqueue(store, message);
    smtp.rejectNext(2);
    const transport = smtpTransport();
    const started = clock.now();

    expect(await sendPending(store, transport, { now })).toEqual({ sent: 0, failed: 1, held: 0, left: 1 });
    let [waiting] = (await listOutbox(store)).pending;
    expect(waiting?.attempts).toBe(1);
    expect(waiting?.lastError).toMatch(/451/);
    expect(waiting?.nextAttemptAt).toBe(new Date(started + MINUTE).toISOString());

    // Not due yet: nothing is tried.
    expect(await sendPending(store, transport, { now })).toEqual({ sent: 0, failed: 0, held: 0, left: 1 });

    clock.advance(MINUTE);
    expect((await sendPending(store, transport, { now })).failed).toBe(1);
    [waiting] = (await listOutbox(store)).pending;
    expect(waiting?.attempts).toBe(2);
    expect(waiting?.nextAttemptAt).toBe(new Date(started + 3 * MINUTE).toISOString());

    clock.advance(2 * MINUTE);
    expect(await sendPending(store, transport, { now })).toEqual({ sent: 1, failed: 0, held: 0, left: 0 });
    expect((await smtp.next()).subject).toBe(message.subject);
    expect((await listOutbox(store)).sent[0]?.attempts).toBe(3);
  });

  it('is held after the last try, listed, never dropped, and sent once HR resends it', async () => {
    const message = statusMessage(2);
    await enqueue(store, message);
    smtp.rejectNext(3);
    const transport = smtpTransport();
    const run = () => sendPending(store, transport, { now, maxAttempts: 3 });

    expect((await run()).failed).toBe(1);
    clock.advance(MINUTE);
    expect((await run()).failed).toBe(1);
    clock.advance(2 * MINUTE);
    expect(await run()).toEqual({ sent: 0, failed: 0, held: 1, left: 0 });

    let outbox = await listOutbox(store);
    expect(outbox.pending).toEqual([]);
    expect(outbox.held.map((h) => [h.message.id, h.attempts, h.heldAt])).toEqual([[message.id, 3, now().toISOString()]]);
    expect(outbox.held[0]?.lastError).toMatch(/451/);

    // However long it waits, a held message is not tried again on its own.
    clock.advance(24 * 60 * MINUTE);
    expect(await run()).toEqual({ sent: 0, failed: 0, held: 0, left: 0 });
    expect(smtp.messages).toEqual([]);

    expect(await resend(store, message.id)).toBe('queued');
    outbox = await listOutbox(store);
    expect(outbox.held).toEqual([]);
    expect(outbox.pending.map((p) => p.attempts)).toEqual([0]);
    expect(await run()).toEqual({ sent: 1, failed: 0, held: 0, left: 0 });
    expect((await smtp.next()).messageId).toBe(`<${message.id}@cedarvalley.example>`);
    expect(await resend(store, message.id)).toBe('already-sent');
    expect(await resend(store, 'f'.repeat(32))).toBe('not-found');
  });
});

describe('a scheduled run short of time', () => {
  it('starts no new send once its budget is spent, and leaves the rest for the next run', async () => {
    const messages: MailMessage[] = [];
    for (const version of [1, 2, 3, 4, 5]) {
      messages.push(statusMessage(version));
      await enqueue(store, messages.at(-1)!);
      clock.advance(1_000);
    }
    const smtpOut = smtpTransport();
    // Each send takes 40 seconds on the run's clock.
    const slow: MailTransport = {
      describe: smtpOut.describe,
      send: async (message) => {
        await smtpOut.send(message);
        clock.advance(40_000);
      },
    };

    expect(await sendPending(store, slow, { now, budgetMs: 100_000 })).toEqual({ sent: 3, failed: 0, held: 0, left: 2 });
    expect(smtp.messages).toHaveLength(3);
    expect(await sendPending(store, slow, { now, budgetMs: 100_000 })).toEqual({ sent: 2, failed: 0, held: 0, left: 0 });
    // Oldest first: the order they were queued in.
    expect(smtp.messages.map((m) => m.subject)).toEqual(messages.map((m) => m.subject));
  });
});

describe('the sign-in link, sent at once', () => {
  it('arrives without waiting for a scheduled run', async () => {
    const message = signInLinkMessage(program, {
      to: 'ana.reyes@cedarvalley.example',
      url: `${ORIGIN}/sign-in/link/?token=abc`,
      expiresInMinutes: 15,
      now: now(),
    });
    await sendNow(smtpTransport(), message);
    const mail = await smtp.next((m) => m.subject === message.subject);
    expect(mail.text).toContain(`${ORIGIN}/sign-in/link/?token=abc`);
    expect((await listOutbox(store)).sent).toEqual([]);
  });

  it('lets the caller know when the mail server refuses it', async () => {
    smtp.rejectNext(1);
    const message = signInLinkMessage(program, {
      to: 'ana.reyes@cedarvalley.example',
      url: `${ORIGIN}/sign-in/link/?token=abc`,
      expiresInMinutes: 15,
      now: now(),
    });
    await expect(sendNow(smtpTransport(), message)).rejects.toThrow(/451/);
  });
});

describe('mail without a mail server', () => {
  it('on a development machine, keeps every message in the local outbox, newest first', async () => {
    const transport = mailTransport({}, store, false);
    expect(transport.describe).toMatch(/local outbox/);
    await enqueue(store, statusMessage(2));
    clock.advance(MINUTE);
    await enqueue(store, statusMessage(3));
    expect((await sendPending(store, transport, { now })).sent).toBe(2);
    clock.advance(MINUTE);
    await sendNow(
      transport,
      signInLinkMessage(program, { to: 'ana.reyes@cedarvalley.example', url: `${ORIGIN}/sign-in/link/?token=abc`, expiresInMinutes: 15, now: now() }),
    );

    const kept = await localMessages(store);
    expect(kept.map((m) => m.subject)).toEqual([`Your sign-in link for ${program.programName}`, statusMessage(3).subject, statusMessage(2).subject]);
    expect((await listOutbox(store)).sent).toHaveLength(2);
  });

  it('on a deployed site, is refused and names the missing variable', () => {
    const refused = (env: Record<string, string>, deployed = true) => {
      try {
        mailTransport(env, store, deployed);
      } catch (error) {
        expect(error).toBeInstanceOf(MailSetupError);
        expect(error).toBeInstanceOf(MissingSecret);
        return (error as MailSetupError).variable;
      }
      return 'accepted';
    };
    expect(refused({})).toBe('SMTP_URL');
    expect(refused({ MAIL_FROM: FROM })).toBe('SMTP_URL');
    expect(refused({ SMTP_URL: 'smtp://smtp-relay.gmail.com:587' })).toBe('MAIL_FROM');
    // MAIL_FROM goes with SMTP_URL on a development machine too.
    expect(refused({ SMTP_URL: 'smtp://smtp-relay.gmail.com:587' }, false)).toBe('MAIL_FROM');
    expect(refused({ SMTP_URL: 'https://smtp-relay.gmail.com', MAIL_FROM: FROM })).toBe('SMTP_URL');
    expect(refused({ SMTP_URL: 'smtp://smtp-relay.gmail.com:587', MAIL_FROM: 'not an address' })).toBe('MAIL_FROM');
    expect(refused({ SMTP_URL: 'smtp://smtp-relay.gmail.com:587', MAIL_FROM: FROM })).toBe('accepted');
  });
});

describe('the development outbox page', () => {
  const get = () => devOutboxHandler(new Request('http://localhost:4321/dev/outbox/'), { program, store });

  it('lists the local outbox newest first, its links clickable and its text escaped', async () => {
    vi.stubEnv('SITE_ID', '');
    vi.stubEnv('NETLIFY_LOCAL', 'true');
    const transport = mailTransport({}, store, false);
    await sendNow(transport, statusMessage(2));
    clock.advance(MINUTE);
    await sendNow(
      transport,
      statusChangedMessage(program, {
        to: 'ana.reyes@cedarvalley.example',
        name: '<script>alert(1)</script>',
        formName: 'Compensation request',
        receipt: 'CR-7K3M9QX2AB',
        statusLabel: 'Denied',
        denied: true,
        comment: 'Too late.',
        statusUrl: `${ORIGIN}/requests/status/?receipt=CR-7K3M9QX2AB`,
        appealUrl: `${ORIGIN}/forms/appeal/from/?receipt=CR-7K3M9QX2AB`,
        now: now(),
        version: 3,
      }),
    );

    const answer = await get();
    expect(answer.status).toBe(200);
    const page = await answer.text();
    expect(page).toContain('only on a development machine');
    expect(page.indexOf('CR-7K3M9QX2AB: Denied')).toBeLessThan(page.indexOf('CR-7K3M9QX2AB: Step 2'));
    expect(page).toContain(`<a href="${ORIGIN}/forms/appeal/from/?receipt=CR-7K3M9QX2AB">`);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;');
  });

  it('is not there on a deployed site', async () => {
    vi.stubEnv('NETLIFY_LOCAL', '');
    vi.stubEnv('NETLIFY_DEV', '');
    vi.stubEnv('SITE_ID', 'a1b2c3d4');
    await sendNow(mailTransport({}, store, false), statusMessage(2));
    const answer = await get();
    expect(answer.status).toBe(404);
    expect(await answer.text()).not.toContain('CR-7K3M9QX2AB');
  });

  it('answers only GET', async () => {
    const answer = await devOutboxHandler(new Request('http://localhost:4321/dev/outbox/', { method: 'POST' }), { program, store });
    expect(answer.status).toBe(405);
  });
});
