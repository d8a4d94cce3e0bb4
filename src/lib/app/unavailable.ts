/** What a request the site could not answer was doing: what its 503 may say depends on it. */
export type Attempt = 'form' | 'decision' | 'link' | 'change' | 'read';

/** Why it could not: a deployed site missing a setting runs nothing; `failed` broke part way. */
export type Cause = 'not-set-up' | 'failed';

/**
 * What a 503 says, true whatever happened before it. A site not set up ran nothing.
 * A failure may come part way: a form stores its answers last, but a decision may
 * have marked its link used, or been recorded, before it failed, so it says neither.
 * Opening a link (a GET) never uses it.
 */
const SAYS: Record<Attempt, Record<Cause, string>> = {
  form: {
    'not-set-up': 'This site is not set up yet, and nothing was stored.',
    failed: 'We could not save your form just now, and nothing was stored.',
  },
  decision: {
    'not-set-up': 'This site is not set up yet. Nothing was recorded, and your link still works.',
    failed: 'We could not finish recording your decision just now. Open the link again to see whether it was recorded.',
  },
  link: {
    'not-set-up': 'This site is not set up yet. Your link still works.',
    failed: 'We could not open this page just now. Your link still works.',
  },
  change: { 'not-set-up': 'This site is not set up yet, and nothing was changed.', failed: 'We could not finish this just now.' },
  read: { 'not-set-up': 'This site is not set up yet.', failed: 'We could not open this page just now.' },
};

/** A page function's request: a decision link opens at /decide/ (workflow/links.ts), its files below it. */
export function attemptOf(request: Request): Exclude<Attempt, 'form'> {
  const reading = request.method === 'GET' || request.method === 'HEAD';
  if (new URL(request.url).pathname.startsWith('/decide')) return reading ? 'link' : 'decision';
  return reading ? 'read' : 'change';
}

export function unavailableMessage(cause: Cause, attempt: Attempt): string {
  return `${SAYS[attempt][cause]} Please try again in a few minutes.`;
}
