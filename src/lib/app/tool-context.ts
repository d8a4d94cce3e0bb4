import { readCatalog } from '../catalog/files.ts';
import type { StoredSubmission } from '../forms/record.ts';
import type { Env } from '../http/deployment.ts';
import { currentRoster } from '../identity/roster-store.ts';
import { loadSampleRoster } from '../identity/roster.ts';
import type { Program } from '../program/settings.ts';
import type { SubmissionStore } from '../store/submissions.ts';
import { actContext, type ActContext } from '../workflow/act.ts';
import { toolLinks } from '../workflow/links.ts';
import { notifyChange } from '../workflow/notify.ts';

/**
 * How a change made outside a request (the scheduled run, HR's command-line
 * tools) tells people about it: the same messages as a change made on the site,
 * to the people the roster names, with links to the site's address.
 */
export function toolNotifier(deps: { store: SubmissionStore; program: Program; origin: string; deployed: boolean; now: () => Date }) {
  // A development machine without an imported roster uses the sample; a deployed site only HR's.
  const roster = () => currentRoster(deps.store, deps.deployed ? null : () => loadSampleRoster(), { now: deps.now() });
  return (record: StoredSubmission) =>
    notifyChange(record, { store: deps.store, program: deps.program, origin: deps.origin, now: deps.now(), person: async (id) => (await roster()).byId(id) });
}

/** What a tool's change works with: the store, the clock, links signed for the site, and who to tell. */
export function toolActContext(store: SubmissionStore, program: Program, env: Env, deployed: boolean): ActContext {
  const links = toolLinks(env, deployed);
  const now = () => new Date();
  // The repository's catalog names an approved claim's courses on the person's record; read once, when first needed.
  let catalog: ReturnType<typeof readCatalog> | undefined;
  const course = (id: string) => (catalog ??= readCatalog(program)).get(id);
  return actContext({ store, now, program, links, notify: toolNotifier({ store, program, origin: links.origin, deployed, now }), course });
}
