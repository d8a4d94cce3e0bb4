import { AirtableClient, airtableConfig } from '../airtable/client.ts';
import { SCHEDULED_BUDGET_MS, SCHEDULED_TIMEOUT_MS } from '../airtable/drain.ts';
import { refreshRosterSnapshot } from '../airtable/staff.ts';
import { syncWithAirtable } from '../airtable/sync.ts';
import type { Env } from '../http/deployment.ts';
import { overdueReminderMessage } from '../mail/templates.ts';
import { enqueue, sendPending } from '../mail/outbox.ts';
import type { MailTransport } from '../mail/message.ts';
import { today as todayIn, type IsoDate } from '../program/calendar.ts';
import type { Program } from '../program/settings.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { toolLinks } from '../workflow/links.ts';
import { toolNotifier } from './tool-context.ts';

/** Mail shares the scheduled run with Airtable; it stops starting new sends after this long. */
export const SCHEDULED_MAIL_BUDGET_MS = 20_000;

export interface ScheduledDeps {
  store: SubmissionStore;
  program: Program;
  mail: MailTransport;
  env: Env;
  deployed: boolean;
  now: () => Date;
}

/**
 * One run of the scheduled function, every minute on a deploy: decisions from
 * Airtable in and the queue out, the roster snapshot brought up to date, the
 * outbox sent, and once a day the reminders of overdue decisions. The Airtable
 * work and the mail run side by side: neither waits on the other's service.
 */
export async function scheduledRun(deps: ScheduledDeps) {
  const links = toolLinks(deps.env, deps.deployed);
  const config = airtableConfig(deps.env);
  const notify = toolNotifier({ store: deps.store, program: deps.program, origin: links.origin, deployed: deps.deployed, now: deps.now });

  const airtable = async () => {
    if (!config) return null;
    const client = new AirtableClient(config, { timeoutMs: SCHEDULED_TIMEOUT_MS });
    const { decisions, sent } = await syncWithAirtable(deps.store, client, {
      budgetMs: SCHEDULED_BUDGET_MS,
      program: deps.program,
      deployed: deps.deployed,
      origin: links.origin,
      notify,
    });
    // A roster that cannot be read now keeps the snapshot it has; the next run tries again.
    // Only what changed since the last run (usually one request); the daily full read has a function of its own (roster-refresh).
    const staff = await refreshRosterSnapshot(deps.store, client, deps.now(), { mode: 'incremental' }).catch((error: unknown) => {
      console.error('scheduled run: the staff roster could not be refreshed', error);
      return { failed: error instanceof Error ? error.message : String(error) };
    });
    return { ...sent, decisions: decisions && { applied: decisions.applied.length, refused: decisions.refused.length }, staff };
  };
  const mail = async () => {
    const reminders = await remindOverdue(deps.store, deps.program, todayIn(deps.now(), deps.program.timeZone), deps.now());
    const sent = await sendPending(deps.store, deps.mail, { now: deps.now, budgetMs: SCHEDULED_MAIL_BUDGET_MS });
    return { ...sent, reminders };
  };
  const [airtableReport, mailReport] = await Promise.all([airtable(), mail()]);
  return { airtable: airtableReport, mail: mailReport };
}

/**
 * Queues, once a day, one reminder per supervisor listing the requests past their
 * decision deadline. The day is marked first, so a second run that day reads
 * one small key and stops; the message ids (reviewer and day) make a retry after
 * a crash harmless.
 */
export async function remindOverdue(store: SubmissionStore, program: Program, today: IsoDate, now: Date): Promise<number | null> {
  const marker = `overdue-reminders/${today}`;
  if (await store.recall(marker)) return null;
  // The report loads once a day, here, not with every minute's run.
  const { overdueDecisions } = await import('../reports/overdue.ts');
  const overdue = overdueDecisions(await store.list(), today, program).filter((d) => d.supervisorEmail && d.decisionLink);
  const byReviewer = Map.groupBy(overdue, (d) => d.supervisorEmail.toLowerCase());
  for (const items of byReviewer.values()) {
    const first = items[0]!;
    await enqueue(
      store,
      overdueReminderMessage(program, {
        to: first.supervisorEmail,
        name: first.supervisorName,
        items: items.map((d) => ({ receipt: d.receipt, formName: d.form, requesterName: d.requesterName, dueOn: d.dueOn, url: d.decisionLink })),
        today,
        now,
      }),
    );
  }
  await store.remember(marker, { at: now.toISOString(), reminders: byReviewer.size });
  return byReviewer.size;
}
