import type { Config } from '@netlify/functions';
import { isDeployed, missingSecrets } from '../../src/lib/http/deployment.ts';

/**
 * Every minute on a deploy: decisions made in Airtable come in, whatever the forms
 * could not send at once goes out, the roster snapshot is refreshed, and the outbox is sent.
 */
export default async (): Promise<Response> => {
  const missing = missingSecrets();
  if (missing.length) {
    console.error(`scheduled run: refusing to run: ${missing.join(', ')} not set in the site's environment variables.`);
    return new Response('Not set up', { status: 503 });
  }
  // Loaded when a run starts, not at import: a new instance is ready sooner.
  const [{ scheduledRun }, { mailTransport }, { loadProgram }, { SubmissionStore }] = await Promise.all([
    import('../../src/lib/app/scheduled.ts'),
    import('../../src/lib/mail/transport.ts'),
    import('../../src/lib/program/settings.ts'),
    import('../../src/lib/store/submissions.ts'),
  ]);
  const store = await SubmissionStore.fromEnvironment();
  const deployed = isDeployed();
  const report = await scheduledRun({
    store,
    program: loadProgram(),
    mail: mailTransport(process.env, store, deployed),
    env: process.env,
    deployed,
    now: () => new Date(),
  });
  console.log('scheduled run', JSON.stringify(report));
  return new Response(JSON.stringify(report), { headers: { 'content-type': 'application/json' } });
};

export const config: Config = { schedule: '* * * * *' };
