import { describe, expect, it } from 'vitest';
import { messageId, messageSchema, type MailMessage } from '../../src/lib/mail/message.ts';
import { decisionWaitingMessage, overdueReminderMessage, signInLinkMessage, statusChangedMessage } from '../../src/lib/mail/templates.ts';
import { repoProgram } from '../../support/program.ts';

const program = repoProgram();
const now = new Date('2026-11-24T18:00:00Z');
const ORIGIN = 'https://pd.cedarvalley.example';
const HOSTILE = '<script>alert("x")</script>';
// What html`` makes of an address with a query: the same address once the browser reads the attribute.
const inHtml = (url: string) => url.replaceAll('&', '&amp;');

function waiting(overrides: Partial<Parameters<typeof decisionWaitingMessage>[1]> = {}): MailMessage {
  return decisionWaitingMessage(program, {
    to: 'marisol.vega@cedarvalley.example',
    reviewerName: 'Marisol Vega',
    requesterName: 'Ana Reyes',
    formName: 'Compensation request',
    receipt: 'CR-7K3M9QX2AB',
    summary: 'Reading Apprenticeship, 12 hours',
    step: 'decide',
    url: `${ORIGIN}/requests/decide/?link=CR-7K3M9QX2AB.with-supervisor.1790000000.abc&via=mail`,
    dueOn: '2026-12-08',
    now,
    ...overrides,
  });
}

function changed(overrides: Partial<Parameters<typeof statusChangedMessage>[1]> = {}): MailMessage {
  return statusChangedMessage(program, {
    to: 'ana.reyes@cedarvalley.example',
    name: 'Ana Reyes',
    formName: 'Compensation request',
    receipt: 'CR-7K3M9QX2AB',
    statusLabel: 'Approved',
    denied: false,
    statusUrl: `${ORIGIN}/requests/status/?receipt=CR-7K3M9QX2AB`,
    now,
    version: 3,
    ...overrides,
  });
}

describe('every message', () => {
  const all = [
    signInLinkMessage(program, { to: 'ana.reyes@cedarvalley.example', url: `${ORIGIN}/sign-in/link/?token=abc`, expiresInMinutes: 15, now }),
    waiting(),
    changed(),
    overdueReminderMessage(program, {
      to: 'marisol.vega@cedarvalley.example',
      name: 'Marisol Vega',
      items: [
        {
          receipt: 'CR-7K3M9QX2AB',
          formName: 'Compensation request',
          requesterName: 'Ana Reyes',
          dueOn: '2026-11-20',
          url: `${ORIGIN}/requests/decide/?link=a`,
        },
      ],
      today: '2026-11-24',
      now,
    }),
  ];

  it('is a valid message with a plain-text and an HTML alternative', () => {
    for (const message of all) {
      expect(messageSchema.parse(message)).toEqual(message);
      expect(message.html).toMatch(/^<!doctype html>/);
      expect(message.createdAt).toBe(now.toISOString());
    }
  });

  it('says who to ask, from the program settings', () => {
    const contact = program.contacts[0]!;
    for (const message of all) {
      expect(message.text).toContain(`Questions? Contact ${contact.name}`);
      expect(message.text).toContain(contact.email);
      expect(message.html).toContain(`href="mailto:${contact.email}"`);
      expect(message.text).toContain(program.district.name);
    }
  });

  it('has a short subject', () => {
    for (const message of all) expect(message.subject.length).toBeLessThan(90);
  });
});

describe('the message id', () => {
  it('is the same for the same parts and differs when any part does', () => {
    expect(messageId('status-changed', 'CR-1', '3')).toBe(messageId('status-changed', 'CR-1', '3'));
    expect(messageId('status-changed', 'CR-1', '3')).not.toBe(messageId('status-changed', 'CR-1', '4'));
    expect(messageId('a', 'bc')).not.toBe(messageId('ab', 'c'));
  });

  it('makes the same event told twice one message, and the next change another', () => {
    expect(changed().id).toBe(changed({ now: new Date('2026-11-25T08:00:00Z') }).id);
    expect(changed().id).not.toBe(changed({ version: 4 }).id);
  });
});

describe('the sign-in link', () => {
  const url = `${ORIGIN}/sign-in/link/?token=eyJ.abc&next=%2Fforms%2F`;
  const signIn = (to: string) => signInLinkMessage(program, { to, url, expiresInMinutes: 15, now });

  it('goes to the address asked for, with the link on a line of its own and in the HTML', () => {
    const message = signIn('ana.reyes@cedarvalley.example');
    expect(message.kind).toBe('sign-in');
    expect(message.to).toBe('ana.reyes@cedarvalley.example');
    expect(message.subject).toBe(`Your sign-in link for ${program.programName}`);
    expect(message.text.split('\n')).toContain(url);
    expect(message.html).toContain(`href="${inHtml(url)}"`);
    expect(message.text).toContain('15 minutes');
  });

  it('tells someone who did not ask to ignore it', () => {
    expect(signIn('ana.reyes@cedarvalley.example').text).toMatch(/If you did not ask for this link, you can ignore this message/);
  });

  it('reads the same whether or not the address is on the staff roster', () => {
    // One address HR's roster has, one it does not: nothing in what they receive may differ.
    const staff = signIn('ana.reyes@cedarvalley.example');
    const stranger = signIn('someone@elsewhere.example');
    expect(stranger.subject).toBe(staff.subject);
    expect(stranger.text).toBe(staff.text);
    expect(stranger.html).toBe(staff.html);
    expect(staff.text).not.toMatch(/roster|account|not (found|known|registered)|staff list/i);
  });
});

describe('a decision waiting on a reviewer', () => {
  it('names the request and the requester in the subject and goes to the reviewer', () => {
    const message = waiting();
    expect(message.subject).toBe('Decision needed: Compensation request CR-7K3M9QX2AB from Ana Reyes');
    expect(message.to).toBe('marisol.vega@cedarvalley.example');
    expect(message.receipt).toBe('CR-7K3M9QX2AB');
    expect(message.kind).toBe('decision-waiting');
  });

  it('carries the decision link in both alternatives, and the due date', () => {
    const message = waiting();
    const url = `${ORIGIN}/requests/decide/?link=CR-7K3M9QX2AB.with-supervisor.1790000000.abc&via=mail`;
    expect(message.text.split('\n')).toContain(url);
    expect(message.html).toContain(`href="${inHtml(url)}"`);
    expect(message.text).toContain('Please act by: December 8, 2026');
    expect(message.text).toContain('Reading Apprenticeship, 12 hours');
  });

  it('asks an evaluator to review and a checkpoint to be closed, in their own words', () => {
    expect(waiting({ step: 'review', formName: 'Focus plan' }).subject).toBe('Review needed: Focus plan CR-7K3M9QX2AB from Ana Reyes');
    expect(waiting({ step: 'checkpoint', formName: 'Focus plan checkpoint' }).subject).toMatch(/^Checkpoint received: /);
  });

  it('escapes a name that looks like markup in the HTML, and keeps it as typed in the text', () => {
    const message = waiting({ requesterName: HOSTILE, summary: `${HOSTILE} & more` });
    expect(message.html).not.toContain('<script>');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(message.text).toContain(HOSTILE);
  });

  it('is a new message when a new link replaces the old one', () => {
    expect(waiting().id).not.toBe(waiting({ url: `${ORIGIN}/requests/decide/?link=another` }).id);
  });
});

describe('a change of status', () => {
  it('tells the requester where the request stands, with a link to its page', () => {
    const message = changed();
    expect(message.to).toBe('ana.reyes@cedarvalley.example');
    expect(message.subject).toBe('Compensation request CR-7K3M9QX2AB: Approved');
    expect(message.text).toContain('is now: Approved.');
    expect(message.text.split('\n')).toContain(`${ORIGIN}/requests/status/?receipt=CR-7K3M9QX2AB`);
    expect(message.html).toContain(`href="${ORIGIN}/requests/status/?receipt=CR-7K3M9QX2AB"`);
    expect(message.text).not.toMatch(/appeal/i);
  });

  it('gives the reason of a denial and the way to appeal it', () => {
    const appeal = `${ORIGIN}/forms/appeal/from/?receipt=CR-7K3M9QX2AB`;
    const message = changed({
      statusLabel: 'Denied',
      denied: true,
      comment: 'The course ended before the request was sent.\nPlease ask first next time.',
      appealUrl: appeal,
    });
    expect(message.subject).toBe('Compensation request CR-7K3M9QX2AB: Denied');
    expect(message.text).toContain('The course ended before the request was sent.');
    expect(message.text).toContain('You can appeal the decision');
    expect(message.text.split('\n')).toContain(appeal);
    expect(message.html).toContain(`href="${appeal}"`);
    expect(message.html).toContain('The course ended before the request was sent.');
  });

  it('escapes a reviewer comment in the HTML', () => {
    const message = changed({ denied: true, statusLabel: 'Denied', comment: HOSTILE, name: HOSTILE });
    expect(message.html).not.toContain('<script>');
    expect(message.text).toContain(HOSTILE);
  });
});

describe('the overdue reminder', () => {
  const items = [
    { receipt: 'PA-00000000B2', formName: 'Pre-approval request', requesterName: 'Jon Park', dueOn: '2026-11-20', url: `${ORIGIN}/requests/decide/?link=two` },
    { receipt: 'CR-00000000A1', formName: 'Compensation request', requesterName: HOSTILE, dueOn: '2026-11-13', url: `${ORIGIN}/requests/decide/?link=one` },
  ];
  const remind = () => overdueReminderMessage(program, { to: 'marisol.vega@cedarvalley.example', name: 'Marisol Vega', items, today: '2026-11-24', now });

  it('lists every overdue request of one reviewer, oldest due first, each with its link', () => {
    const message = remind();
    expect(message.to).toBe('marisol.vega@cedarvalley.example');
    expect(message.subject).toBe('Reminder: 2 decisions past the due date');
    expect(message.text.indexOf('CR-00000000A1')).toBeLessThan(message.text.indexOf('PA-00000000B2'));
    for (const item of items) {
      expect(message.text.split('\n')).toContain(item.url);
      expect(message.html).toContain(`href="${item.url}"`);
    }
    expect(message.text).toContain('Was due: November 13, 2026');
    expect(message.html).not.toContain('<script>');
  });

  it('is one message per reviewer per day', () => {
    expect(remind().id).toBe(remind().id);
    expect(remind().id).not.toBe(
      overdueReminderMessage(program, { to: 'marisol.vega@cedarvalley.example', name: 'Marisol Vega', items, today: '2026-11-25', now }).id,
    );
  });

  it('is refused with nothing to remind of', () => {
    expect(() =>
      overdueReminderMessage(program, { to: 'marisol.vega@cedarvalley.example', name: 'Marisol Vega', items: [], today: '2026-11-24', now }),
    ).toThrow(/at least one/);
  });
});
