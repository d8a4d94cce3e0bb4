// The mail outbox: what waits, what is held, what went, and the local outbox of a
// development machine. Works on the local store, or the deployed site's with
// NETLIFY_SITE_ID and NETLIFY_AUTH_TOKEN (then `send` needs SMTP_URL and MAIL_FROM).
//   npm run outbox                  list
//   npm run outbox -- show ID       one message, as its recipient reads it
//   npm run outbox -- send          send what is due now, as the scheduled run does
//   npm run outbox -- resend ID     a held message back in line, with all its tries again
import { exitCodeOf } from './missing-secret.ts';
import { formatDateTime } from '../src/lib/program/calendar.ts';
import { loadProgram } from '../src/lib/program/settings.ts';
import { findMessage, listOutbox, resend, sendPending } from '../src/lib/mail/outbox.ts';
import { localMessages, mailTransport } from '../src/lib/mail/transport.ts';
import type { MailMessage } from '../src/lib/mail/message.ts';
import { textTable } from '../src/lib/reports/text-table.ts';
import { openOperatorStore } from '../src/lib/store/local.ts';
import type { SubmissionStore } from '../src/lib/store/submissions.ts';

const USAGE = 'Usage: npm run outbox [-- list | show ID | send | resend ID]';
const SHOWN = 20;
// Times on the district's clock, in the words every page and email uses.
const when = (iso: string | undefined) => (iso ? formatDateTime(iso, loadProgram().timeZone) : '');

async function list(store: SubmissionStore, deployed: boolean): Promise<number> {
  const { pending, held, sent } = await listOutbox(store);
  const columns = (...extra: string[]) => [{ header: 'id' }, { header: 'to' }, { header: 'subject' }, ...extra.map((header) => ({ header }))];
  console.log(`Waiting to be sent (${pending.length})`);
  if (pending.length)
    console.log(
      textTable(
        columns('tries', 'next try', 'last error'),
        pending.map((e) => [e.message.id, e.message.to, e.message.subject, e.attempts, when(e.nextAttemptAt) || 'now', e.lastError ?? '']),
      ),
    );
  console.log(`\nHeld after too many tries (${held.length}): fix the cause, then npm run outbox -- resend ID`);
  if (held.length)
    console.log(
      textTable(
        columns('tries', 'held since', 'last error'),
        held.map((e) => [e.message.id, e.message.to, e.message.subject, e.attempts, when(e.heldAt), e.lastError ?? '']),
      ),
    );
  console.log(`\nSent (${sent.length}${sent.length > SHOWN ? `, the newest ${SHOWN}` : ''})`);
  if (sent.length)
    console.log(
      textTable(
        columns('sent'),
        sent.slice(0, SHOWN).map((e) => [e.message.id, e.message.to, e.message.subject, when(e.sentAt)]),
      ),
    );
  if (!deployed) {
    const kept = await localMessages(store, SHOWN);
    console.log(`\nLocal outbox: no SMTP_URL, so these stayed on this machine (also at /dev/outbox)`);
    if (kept.length)
      console.log(
        textTable(
          columns('created'),
          kept.map((m) => [m.id, m.to, m.subject, when(m.createdAt)]),
        ),
      );
  }
  return 0;
}

async function show(store: SubmissionStore, id: string): Promise<number> {
  const found = await findMessage(store, id);
  const message: MailMessage | undefined = found?.message ?? (await localMessages(store, Infinity)).find((m) => m.id === id);
  if (!message) {
    console.error(`No message ${id} in the outbox.`);
    return 1;
  }
  const state = !found
    ? 'kept in the local outbox'
    : 'sentAt' in found
      ? `sent ${when(found.sentAt)}`
      : found.heldAt
        ? `held: ${found.lastError ?? ''}`
        : 'waiting to be sent';
  console.log(`To: ${message.to}\nSubject: ${message.subject}\nCreated: ${when(message.createdAt)}\nState: ${state}\n\n${message.text}`);
  return 0;
}

async function send(store: SubmissionStore, deployed: boolean): Promise<number> {
  const transport = mailTransport(process.env, store, deployed);
  console.log(`Sending through ${transport.describe}.`);
  const report = await sendPending(store, transport, { now: () => new Date(), budgetMs: 10 * 60_000 });
  console.table([report]);
  return report.failed + report.held === 0 ? 0 : 1;
}

async function main(): Promise<number> {
  const [command = 'list', id] = process.argv.slice(2);
  const local = await openOperatorStore();
  try {
    console.log(`Outbox of ${local.where}.\n`);
    if (command === 'list') return await list(local.store, local.deployed);
    if (command === 'send') return await send(local.store, local.deployed);
    if (command === 'show' && id) return await show(local.store, id);
    if (command === 'resend' && id) {
      const result = await resend(local.store, id);
      const said = {
        queued: `${id} is back in line: npm run outbox -- send, or wait for the scheduled run.`,
        'already-sent': `${id} was sent already.`,
        'not-found': `No message ${id} waits in the outbox.`,
      };
      (result === 'queued' ? console.log : console.error)(said[result]);
      return result === 'queued' ? 0 : 1;
    }
    console.error(USAGE);
    return 2;
  } finally {
    await local.stop();
  }
}

process.exitCode = await exitCodeOf(main);
