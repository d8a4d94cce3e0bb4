import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMS } from '../../src/lib/forms/registry.ts';

interface FunctionConfig {
  path?: string | string[];
  schedule?: string;
  rateLimit?: { windowLimit: number; windowSize: number; aggregateBy: string[] };
}

/** Every function of the site, with the config Netlify reads from it. */
const functions = await Promise.all(
  readdirSync('netlify/functions')
    .filter((f) => f.endsWith('.mts'))
    .map(async (file) => ({ file, config: ((await import(`../../netlify/functions/${file}`)) as { config?: FunctionConfig }).config })),
);

describe('the functions a stranger can call', () => {
  it('each have a rate limit per address, the confirmation page after a form included', () => {
    // The local outbox answers 404 on a deployed site; the scheduled runs have no address.
    const reachable = functions.filter(({ file, config }) => config?.path !== undefined && file !== 'dev-outbox.mts');
    expect(reachable.map((f) => f.file)).toContain('received.mts');
    // Airtable fetches a drain run's linked files from a few addresses, about 10 a second: only a signed link opens anything there.
    const fetchedByAirtable = new Set(['airtable-file.mts']);
    for (const { file, config } of reachable) {
      expect(config!.rateLimit, file).toBeDefined();
      expect(config!.rateLimit!.windowLimit, file).toBeLessThanOrEqual(fetchedByAirtable.has(file) ? 1200 : 60);
      expect(config!.rateLimit!.aggregateBy, file).toContain('ip');
    }
  });
});

describe('every form of the registry', () => {
  const paths = (file: string) => [functions.find((f) => f.file === file)?.config?.path ?? []].flat();

  it('has its page, with and without the trailing slash', () => {
    for (const form of FORMS) expect(paths('form-page.mts'), form.id).toEqual(expect.arrayContaining([`/forms/${form.id}`, `/forms/${form.id}/`]));
  });

  it('has a function that takes its posts', () => {
    const posts = functions.flatMap(({ config }) => [config?.path ?? []].flat());
    for (const form of FORMS) expect(posts, form.id).toContain(`/api/forms/${form.id}`);
  });
});
