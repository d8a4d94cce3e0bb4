import type { AirtableClient } from './client.ts';
import { drain, type DrainOptions, type DrainReport } from './drain.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { pullDecisions, type PullReport } from './decisions.ts';
import { actContext, type ActContext } from '../workflow/act.ts';
import { toolLinks } from '../workflow/links.ts';
import { fileLinker } from '../workflow/file-links.ts';
import type { Program } from '../program/settings.ts';
import type { CatalogCourse } from '../catalog/files.ts';

/**
 * One run of the site's exchange with Airtable (the scheduled function and
 * `npm run drain`): first the decisions HR, payroll and the task force made
 * there, applied through the routing, then everything queued, the changes those
 * decisions made included. One hold of the base, one pace for both.
 */
export async function syncWithAirtable(
  store: SubmissionStore,
  client: AirtableClient,
  options: DrainOptions & { program: Pick<Program, 'timeZone'>; origin?: string; deployed?: boolean; notify?: ActContext['notify'] },
): Promise<{ decisions: PullReport | null; sent: DrainReport }> {
  let decisions: PullReport | null = null;
  const env = options.origin ? { ...process.env, URL: options.origin } : process.env;
  const links = toolLinks(env, options.deployed);
  // Files as links Airtable fetches, where it can reach the site (file-links.ts); uploaded otherwise.
  const fileLink = options.fileLink ?? fileLinker(env, Date.now, options.deployed);
  const sent = await drain(store, client, {
    ...options,
    ...(fileLink ? { fileLink } : {}),
    beforeSending: async (pace) => {
      // The catalog the site last read from Airtable names the courses of the claims HR approves there.
      const catalog = new Map(((await store.recall<CatalogCourse[]>('airtable-catalog')) ?? []).map((c) => [c.id, c]));
      decisions = await pullDecisions(
        client,
        actContext({
          store,
          now: () => new Date((options.now ?? Date.now)()),
          program: options.program,
          links,
          course: (id) => catalog.get(id),
          ...(options.notify ? { notify: options.notify } : {}),
        }),
        pace,
      );
      return decisions.stopped;
    },
  });
  return { decisions, sent };
}
