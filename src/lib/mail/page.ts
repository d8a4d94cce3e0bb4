import { page } from '../html/shell.ts';
import { html, type Markup } from '../html/template.ts';
import { formatDateTime } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import type { MailMessage } from './message.ts';

export const OUTBOX_PATH = '/dev/outbox/';

const URL_IN_TEXT = /https?:\/\/[^\s<>"]+/g;

/** A line of plain text with its web addresses made into links (only http and https, so no script address can be). */
function linked(line: string): Markup {
  const parts: Markup[] = [];
  let at = 0;
  for (const match of line.matchAll(URL_IN_TEXT)) {
    parts.push(html`${line.slice(at, match.index)}<a href="${match[0]}">${match[0]}</a>`);
    at = match.index + match[0].length;
  }
  return html`${parts}${line.slice(at)}`;
}

/** The plain-text alternative as the person reads it: paragraphs, lines, clickable links. */
function textAsMarkup(text: string): Markup[] {
  return text
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => {
      const lines = paragraph.split('\n').map(linked);
      return html`<p>${lines.map((line, i) => (i === 0 ? line : html`<br>${line}`))}</p>`;
    });
}

function messageCard(message: MailMessage, timeZone: string): Markup {
  return html`<article class="panel-status"><h2>${message.subject}</h2><dl class="answers"><dt>To</dt><dd>${message.to}</dd><dt>When</dt><dd><time datetime="${message.createdAt}">${formatDateTime(message.createdAt, timeZone)}</time></dd><dt>Kind</dt><dd>${message.kind}</dd>${message.receipt && html`<dt>Request</dt><dd>${message.receipt}</dd>`}</dl>${textAsMarkup(message.text)}</article>`;
}

/** The local outbox, newest first: what the site would have mailed, on a development machine only. */
export function outboxPage(program: Program, messages: readonly MailMessage[]): string {
  const list = messages.length
    ? messages.map((m) => messageCard(m, program.timeZone))
    : html`<p>No messages yet. Sign in, send a form or decide a request, and what the site would mail appears here.</p>`;
  return page(program, {
    title: 'Local outbox',
    path: OUTBOX_PATH,
    body: html`<h1>Local outbox</h1><div class="notice"><p>This page exists only on a development machine. No mail server is set up (SMTP_URL), so the site keeps its messages here instead of sending them. A deployed site has no such page: it sends through its mail server.</p></div><p>${messages.length === 1 ? '1 message' : `${messages.length} messages`}, newest first. The same list: <code>npm run outbox</code>.</p>${list}`,
  });
}
