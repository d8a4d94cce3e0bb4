import { html, type Markup } from '../html/template.ts';
import { formatDate, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import { messageId, messageSchema, type MailMessage, type MessageKind } from './message.ts';

/**
 * The portal's messages. Each is written once as a few blocks, then rendered
 * twice, as plain text and as simple HTML, so the two alternatives always say
 * the same thing. A template takes only what its recipient may read.
 */
type Block =
  { kind: 'p'; text: string } | { kind: 'link'; label: string; url: string } | { kind: 'facts'; rows: [string, string][] } | { kind: 'quote'; text: string };

const p = (text: string): Block => ({ kind: 'p', text });
const link = (label: string, url: string): Block => ({ kind: 'link', label, url });
const facts = (...rows: [string, string][]): Block => ({ kind: 'facts', rows });
const quote = (text: string): Block => ({ kind: 'quote', text });

function blockText(block: Block): string {
  switch (block.kind) {
    case 'p':
      return block.text;
    // The address on a line of its own: mail programs make it clickable, and nothing wraps into it.
    case 'link':
      return `${block.label}:\n${block.url}`;
    case 'facts':
      return block.rows.map(([name, value]) => `${name}: ${value}`).join('\n');
    case 'quote':
      return block.text
        .split('\n')
        .map((line) => `    ${line}`)
        .join('\n');
  }
}

// Inline styles only: most mail programs drop style sheets.
function blockHtml(block: Block): Markup {
  switch (block.kind) {
    case 'p':
      return html`<p style="margin:0 0 16px">${block.text}</p>`;
    case 'link':
      return html`<p style="margin:0 0 16px"><a href="${block.url}" style="color:#1d70b8;font-weight:bold">${block.label}</a><br><span style="font-size:14px;color:#505a5f">${block.url}</span></p>`;
    case 'facts':
      return html`<table role="presentation" style="margin:0 0 16px;border-collapse:collapse">${block.rows.map(
        ([name, value]) =>
          html`<tr><th scope="row" style="text-align:left;padding:2px 16px 2px 0;vertical-align:top">${name}</th><td style="padding:2px 0">${value}</td></tr>`,
      )}</table>`;
    case 'quote':
      return html`<blockquote style="margin:0 0 16px;padding:0 0 0 12px;border-left:4px solid #b1b4b6;white-space:pre-line">${block.text}</blockquote>`;
  }
}

/** "Questions? Contact ...": the program's first contact, on every message. */
function footer(program: Program): { text: string; html: Markup } {
  const contact = program.contacts[0]!;
  const sign = `${program.district.name} · ${program.programName}`;
  return {
    text: `Questions? Contact ${contact.name}, ${contact.role}, at ${contact.email} or ${contact.phone}.\n\n${sign}`,
    html: html`<hr style="border:0;border-top:1px solid #b1b4b6;margin:24px 0 16px"><p style="margin:0 0 8px;font-size:14px">Questions? Contact ${contact.name}, ${contact.role}, at <a href="mailto:${contact.email}" style="color:#1d70b8">${contact.email}</a> or ${contact.phone}.</p><p style="margin:0;font-size:14px;color:#505a5f">${sign}</p>`,
  };
}

interface Draft {
  kind: MessageKind;
  /** What makes this message unique; becomes its id. */
  unique: string[];
  to: string;
  subject: string;
  blocks: Block[];
  now: Date;
  receipt?: string;
}

function compose(program: Program, draft: Draft): MailMessage {
  const end = footer(program);
  const text = `${[...draft.blocks.map(blockText), end.text].join('\n\n')}\n`;
  const body = String(
    html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${draft.subject}</title></head><body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#0b0c0c;background:#ffffff"><div style="max-width:600px">${draft.blocks.map(blockHtml)}${end.html}</div></body></html>`,
  );
  // Parsed, so a bad address or an empty subject fails where the message is made, not at send time.
  return messageSchema.parse({
    id: messageId(draft.kind, ...draft.unique),
    kind: draft.kind,
    to: draft.to,
    subject: draft.subject,
    text,
    html: body,
    createdAt: draft.now.toISOString(),
    ...(draft.receipt ? { receipt: draft.receipt } : {}),
  });
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export interface SignInLink {
  to: string;
  url: string;
  expiresInMinutes: number;
  now: Date;
}

/**
 * The sign-in link. It reads the same for every address, so nobody learns from
 * it (or from its absence of a difference) whether an address is on the staff roster.
 */
export function signInLinkMessage(program: Program, { to, url, expiresInMinutes, now }: SignInLink): MailMessage {
  return compose(program, {
    kind: 'sign-in',
    unique: [to, url],
    to,
    subject: `Your sign-in link for ${program.programName}`,
    now,
    blocks: [
      p(`Here is your link to sign in to ${program.programName}, ${program.district.name}.`),
      link('Sign in', url),
      p(`The link works for ${plural(expiresInMinutes, 'minute', 'minutes')}. After that, ask for a new one on the sign-in page.`),
      p('If you did not ask for this link, you can ignore this message: nobody is signed in unless the link is opened and “Continue signing in” pressed.'),
    ],
  });
}

export type ReviewStep = 'decide' | 'review' | 'checkpoint';

const STEPS: Record<ReviewStep, { subject: string; waits: string; open: string }> = {
  decide: { subject: 'Decision needed', waits: 'waits on your decision', open: 'Open the request to decide' },
  review: { subject: 'Review needed', waits: 'waits on your review and signature', open: 'Open the plan to review it' },
  checkpoint: { subject: 'Checkpoint received', waits: 'is ready for your final conference and its outcome', open: 'Open the checkpoint' },
};

export interface DecisionWaiting {
  to: string;
  reviewerName: string;
  requesterName: string;
  formName: string;
  receipt: string;
  /** One line about the request that the reviewer needs to decide (course, hours...). */
  summary: string;
  step: ReviewStep;
  /** The reviewer's signed decision link. */
  url: string;
  dueOn: IsoDate;
  now: Date;
}

/** To a supervisor or evaluator when a step waits on them, with the link that lets them act. */
export function decisionWaitingMessage(program: Program, d: DecisionWaiting): MailMessage {
  const step = STEPS[d.step];
  return compose(program, {
    kind: 'decision-waiting',
    // A new link for the same step (the old one revoked) is a new message.
    unique: [d.receipt, d.step, d.to, d.url],
    to: d.to,
    receipt: d.receipt,
    subject: `${step.subject}: ${d.formName} ${d.receipt} from ${d.requesterName}`,
    now: d.now,
    blocks: [
      p(`Hello ${d.reviewerName},`),
      p(`${d.requesterName} sent a ${d.formName} that ${step.waits}.`),
      facts(['Request', `${d.formName} ${d.receipt}`], ['From', d.requesterName], ['Summary', d.summary], ['Please act by', formatDate(d.dueOn)]),
      link(step.open, d.url),
      p('This link is made for you: please do not forward it.'),
    ],
  });
}

export interface StatusChanged {
  to: string;
  name: string;
  formName: string;
  receipt: string;
  statusLabel: string;
  /** The reviewer's words with the step; on a denial, the reason. */
  comment?: string;
  denied: boolean;
  /** The request's own page. */
  statusUrl: string;
  /** Set when the denial can be appealed to the task force: the appeal form, filled in from this request. */
  appealUrl?: string;
  now: Date;
  /** The request's version after the change: each change is its own message. */
  version: number;
  /** Set when the request was returned for changes: the form that sends the same request again. */
  changeUrl?: string;
}

/** To the requester on every change of status: what it is now, why on a denial, and where to see it. */
export function statusChangedMessage(program: Program, s: StatusChanged): MailMessage {
  const about: Block[] = s.denied
    ? [
        p('The reason given:'),
        quote(s.comment || 'No reason was recorded. Please contact us and we will find out.'),
        ...(s.appealUrl ? [p('You can appeal the decision to the professional-growth task force.'), link('Appeal the decision', s.appealUrl)] : []),
      ]
    : s.changeUrl
      ? [
          p('What to change or add:'),
          quote(s.comment || 'No note was recorded. Please contact us and we will find out.'),
          p('Change the same request and send it again: it keeps its receipt and its history.'),
          link('Change your request and send it again', s.changeUrl),
        ]
      : s.comment
        ? [p('A note with this step:'), quote(s.comment)]
        : [];
  return compose(program, {
    kind: 'status-changed',
    unique: [s.receipt, String(s.version), s.statusLabel, s.to],
    to: s.to,
    receipt: s.receipt,
    subject: `${s.formName} ${s.receipt}: ${s.statusLabel}`,
    now: s.now,
    blocks: [p(`Hello ${s.name},`), p(`Your ${s.formName} ${s.receipt} is now: ${s.statusLabel}.`), ...about, link('See your request', s.statusUrl)],
  });
}

export interface OverdueItem {
  receipt: string;
  formName: string;
  requesterName: string;
  dueOn: IsoDate;
  url: string;
}

export interface OverdueReminder {
  to: string;
  name: string;
  items: OverdueItem[];
  /** The day of the reminder: one message per reviewer per day. */
  today: IsoDate;
  now: Date;
}

/** The daily reminder: one message per reviewer, every request past its due date, oldest first. */
export function overdueReminderMessage(program: Program, r: OverdueReminder): MailMessage {
  if (r.items.length === 0) throw new Error('an overdue reminder needs at least one overdue request');
  const items = r.items.toSorted((a, b) => a.dueOn.localeCompare(b.dueOn) || a.receipt.localeCompare(b.receipt));
  return compose(program, {
    kind: 'overdue-reminder',
    unique: [r.to, r.today],
    to: r.to,
    subject: `Reminder: ${plural(items.length, 'decision', 'decisions')} past the due date`,
    now: r.now,
    blocks: [
      p(`Hello ${r.name},`),
      p(
        `${items.length === 1 ? 'This request waits' : 'These requests wait'} on you past the date a decision was due (${program.decisionDeadlineDays} working days after it reached you).${items.length === 1 ? '' : ' Each link opens one request.'}`,
      ),
      ...items.flatMap((item) => [
        facts(['Request', `${item.formName} ${item.receipt}`], ['From', item.requesterName], ['Was due', formatDate(item.dueOn)]),
        link(`Open ${item.receipt}`, item.url),
      ]),
    ],
  });
}

export interface PlanAssigned {
  to: string;
  teacherName: string;
  evaluatorName: string;
  /** The assignment's reference (FA-…): one message per assignment. */
  assignment: string;
  assignedOn: IsoDate;
  checkpointDate?: IsoDate | undefined;
  note?: string | undefined;
  /** The focus-plan form on the site. */
  formUrl: string;
  now: Date;
}

/** To a teacher whose evaluator assigned a focus plan on the site: who asked, the date proposed, and the form. */
export function planAssignedMessage(program: Program, a: PlanAssigned): MailMessage {
  const proposed: [string, string][] = a.checkpointDate ? [['Proposed checkpoint date', formatDate(a.checkpointDate)]] : [];
  return compose(program, {
    kind: 'plan-assigned',
    unique: [a.assignment, a.to],
    to: a.to,
    receipt: a.assignment,
    subject: `Start your professional-learning focus plan: assigned by ${a.evaluatorName}`,
    now: a.now,
    blocks: [
      p(`Hello ${a.teacherName},`),
      p(`Your evaluator, ${a.evaluatorName}, asked you to start a professional-learning focus plan this school year.`),
      facts(['Assigned on', formatDate(a.assignedOn)], ['Assigned by', a.evaluatorName], ...proposed),
      ...(a.note ? [p(`A note from ${a.evaluatorName}:`), quote(a.note)] : []),
      link('Start your focus plan', a.formUrl),
      p('Draft your area of growth, goal and action steps, and send the plan: it goes to your evaluator, who sets a meeting to review it with you.'),
    ],
  });
}
