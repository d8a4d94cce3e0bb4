import { breadcrumbs } from '../html/breadcrumbs.ts';
import { page } from '../html/shell.ts';
import { html, type Markup } from '../html/template.ts';
import type { StaffMember } from '../identity/roster.ts';
import { fiscalYearLabel, formatDate, type IsoDate } from '../program/calendar.ts';
import { carryOverRuleText } from '../program/cap-rule.ts';
import { formatMoney } from '../program/money.ts';
import { statusLabel, type Status } from '../program/routing.ts';
import type { Program } from '../program/settings.ts';
import type { Completion } from '../store/completions.ts';
import type { BudgetSummary } from './budget.ts';
import { statusPath } from './pages.ts';

export const RECORD_PATH = '/my/record/';
export const TRANSCRIPT_PATH = '/my/record/transcript/';

/** Everything My record shows, gathered by reports/my-record.ts. */
export interface RecordView {
  person: Pick<StaffMember, 'employeeId' | 'name' | 'site'>;
  today: IsoDate;
  fiscalYear: number;
  requests: { receipt: string; formName: string; submittedOn: IsoDate; status: Status; summary: string }[];
  /** Claimed hours of this fiscal year: counted against the cap (standing), of those paid, and what is left under it. */
  hours: { counted: number; paid: number; left: number; cap: number };
  /** Finished courses the incentive pays for, not yet claimed, and the last day each can be. */
  unclaimed: { title: string; completedOn: IsoDate; hours: number; claimBy: IsoDate }[];
  transcript: Completion[];
  required: { title: string; state: 'done' | 'due' | 'overdue'; doneOn?: IsoDate; dueBy: IsoDate }[];
  budget: BudgetSummary;
}

const TITLE = 'My record';
const hoursText = (n: number) => `${n} ${n === 1 ? 'hour' : 'hours'}`;

function requestsTable(view: RecordView): Markup {
  if (view.requests.length === 0) return html`<p>You have sent no requests yet. <a href="/forms/">Start one from the forms page</a>.</p>`;
  const rows = view.requests.map(
    (r) =>
      html`<tr><th scope="row"><a href="${statusPath(r.receipt)}">${r.receipt}</a></th><td>${r.formName}</td><td>${formatDate(r.submittedOn)}</td><td>${statusLabel(r.status)}</td><td>${r.summary}</td></tr>`,
  );
  return html`<table class="pay-table"><caption>Your requests, newest first</caption><thead><tr><th scope="col">Receipt</th><th scope="col">Form</th><th scope="col">Sent</th><th scope="col">Where it stands</th><th scope="col">What it is for</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function hoursSection(view: RecordView, program: Program): Markup {
  const year = fiscalYearLabel(view.fiscalYear, program.fiscalYearStart);
  const { counted, paid, left, cap } = view.hours;
  const unclaimed = view.unclaimed.map(
    (u) => html`<tr><th scope="row">${u.title}</th><td>${formatDate(u.completedOn)}</td><td>${u.hours}</td><td>${formatDate(u.claimBy)}</td></tr>`,
  );
  const carry =
    view.unclaimed.length > 0
      ? html`<table class="pay-table"><caption>Hours you can still claim</caption><thead><tr><th scope="col">Course</th><th scope="col">Completed</th><th scope="col">Hours</th><th scope="col">Claim by</th></tr></thead><tbody>${unclaimed}</tbody></table>`
      : html`<p>No completed course on your record is waiting to be claimed.</p>`;
  return html`<h2 id="hours">Hours this fiscal year (${year})</h2><dl class="summary-list"><div><dt>Claimed and counted against the cap</dt><dd data-figure="hours-counted">${hoursText(counted)}</dd></div><div><dt>Paid</dt><dd data-figure="hours-paid">${hoursText(paid)}</dd></div><div><dt>Left under the yearly cap of ${cap} hours</dt><dd data-figure="hours-left">${hoursText(left)}</dd></div></dl>${carry}<p>${carryOverRuleText(program)}</p>`;
}

function transcriptTable(transcript: readonly Completion[], caption: string): Markup {
  if (transcript.length === 0) return html`<p>No completed professional learning is on your record yet.</p>`;
  const rows = transcript.map(
    (c) =>
      html`<tr><th scope="row">${c.title}</th><td>${c.provider}</td><td>${formatDate(c.completedOn)}</td><td>${c.hours}</td><td>${c.clockHours}</td><td>${c.renewalArea ?? ''}</td><td>${c.salaryLaneCredit ? 'Yes' : 'No'}</td></tr>`,
  );
  const clock = transcript.reduce((n, c) => n + c.clockHours, 0);
  return html`<table class="pay-table transcript"><caption>${caption}</caption><thead><tr><th scope="col">Course</th><th scope="col">Provider</th><th scope="col">Completed</th><th scope="col">Hours</th><th scope="col">Clock hours</th><th scope="col">Licence-renewal area</th><th scope="col">Salary-lane credit</th></tr></thead><tbody>${rows}</tbody><tfoot><tr><th scope="row" colspan="4">Total clock hours</th><td data-figure="clock-hours">${clock}</td><td colspan="2"></td></tr></tfoot></table>`;
}

const STATE_WORDS = { done: 'Done', due: 'Due', overdue: 'Overdue' } as const;

function requiredSection(view: RecordView): Markup {
  if (view.required.length === 0) return html`<p>No required training in the catalog is for your group.</p>`;
  const rows = view.required.map(
    (r) =>
      html`<tr><th scope="row">${r.title}</th><td data-state="${r.state}">${STATE_WORDS[r.state]}</td><td>${r.doneOn ? `Completed ${formatDate(r.doneOn)}` : `By ${formatDate(r.dueBy)}`}</td></tr>`,
  );
  return html`<p>Each required training is taken once every fiscal year. Overdue: not completed last fiscal year or this one.</p><table class="pay-table"><caption>Required trainings this fiscal year</caption><thead><tr><th scope="col">Training</th><th scope="col">State</th><th scope="col">When</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function budgetSection(b: BudgetSummary, program: Program): Markup {
  const year = fiscalYearLabel(b.fiscalYear, program.fiscalYearStart);
  return html`<h2 id="budget">PD budget (${year})</h2><dl class="summary-list"><div><dt>Allocation</dt><dd data-figure="budget-allocation">${formatMoney(b.allocation)}</dd></div><div><dt>Spent</dt><dd data-figure="budget-spent">${formatMoney(b.spent)}</dd></div><div><dt>Pending</dt><dd data-figure="budget-pending">${formatMoney(b.pending)}</dd></div><div><dt>Left</dt><dd data-figure="budget-left">${formatMoney(b.left)}</dd></div></dl>`;
}

export function recordPage(program: Program, view: RecordView): string {
  return page(program, {
    title: TITLE,
    path: RECORD_PATH,
    signedIn: { name: view.person.name },
    body: html`${breadcrumbs([{ href: '/', label: 'Home' }, { label: TITLE }])}<h1>${TITLE}</h1><p class="lede">${view.person.name}, employee ID ${view.person.employeeId}, ${view.person.site}.</p><h2 id="requests">My requests</h2>${requestsTable(view)}${hoursSection(view, program)}<h2 id="transcript">My transcript</h2>${transcriptTable(view.transcript, 'Completed professional learning')}<p><a href="${TRANSCRIPT_PATH}">Print my transcript</a></p><h2 id="required">My required trainings</h2>${requiredSection(view)}${budgetSection(view.budget, program)}`,
  });
}

/** The transcript alone, laid out to print: who it is for and when it was printed come first. */
export function transcriptPage(program: Program, view: Pick<RecordView, 'person' | 'today' | 'transcript'>): string {
  const title = `Transcript: ${view.person.name}`;
  return page(program, {
    title,
    path: TRANSCRIPT_PATH,
    signedIn: { name: view.person.name },
    body: html`${breadcrumbs([{ href: '/', label: 'Home' }, { href: RECORD_PATH, label: TITLE }, { label: 'Transcript' }])}<h1>Professional learning transcript</h1><dl class="summary-list transcript-heading"><div><dt>Name</dt><dd>${view.person.name}</dd></div><div><dt>Employee ID</dt><dd>${view.person.employeeId}</dd></div><div><dt>Site</dt><dd>${view.person.site}</dd></div><div><dt>Printed</dt><dd>${formatDate(view.today)}</dd></div></dl><p class="no-print">Use your browser’s Print command to print this page or save it as a PDF.</p>${transcriptTable(view.transcript, `${program.district.name}: completed professional learning`)}`,
  });
}
