/**
 * Whether this code runs as a deployed site, and the secrets it then needs.
 *
 * Netlify gives a deployed function only SITE_ID, SITE_NAME and URL at run time
 * (CONTEXT and NETLIFY are build-time variables), and a per-request
 * `Netlify.context` whose deploy context is "production", "deploy-preview" or
 * "branch-deploy". `astro dev` sets neither (its deploy context is empty);
 * `netlify dev` and `netlify serve` mark themselves NETLIFY_LOCAL or NETLIFY_DEV.
 * A deploy is recognised by what Netlify gives it, so a forgotten secret fails
 * closed there; the fixed development keys serve `npm start` and the tests only.
 */
export type Env = Record<string, string | undefined>;

export const SECRETS = ['SESSION_SECRET', 'DECISION_LINK_SECRET', 'RECEIPT_SECRET'] as const;
export type SecretName = (typeof SECRETS)[number];

interface NetlifyGlobal {
  context?: { deploy?: { context?: string } } | null;
}

export function isDeployed(env: Env = process.env): boolean {
  if (env['NETLIFY_LOCAL'] === 'true' || env['NETLIFY_DEV'] === 'true') return false;
  const deployContext = (globalThis as { Netlify?: NetlifyGlobal }).Netlify?.context?.deploy?.context;
  return Boolean(env['SITE_ID']) || Boolean(deployContext);
}

export class MissingSecret extends Error {
  readonly variable: string;
  constructor(variable: string) {
    super(`${variable} is not set: a deployed site refuses to run without it. Set it in the site's environment variables.`);
    this.variable = variable;
  }
}

/** Secrets shorter than this are refused on a deployed site: a guessable key is no key. */
const MIN_SECRET_LENGTH = 32;

/**
 * A secret's value: the environment's on a deployed site (refused when missing
 * or short), a fixed development key otherwise, unless the environment gives one.
 */
export function secret(name: SecretName, env: Env = process.env, deployed = isDeployed(env)): string {
  const value = env[name];
  if (deployed && (!value || value.length < MIN_SECRET_LENGTH)) throw new MissingSecret(name);
  return value || `local-development-only:${name}`;
}

/** The secrets a deployed site lacks (empty on a development machine): what a function names before it refuses to run. */
export function missingSecrets(env: Env = process.env, deployed = isDeployed(env)): SecretName[] {
  if (!deployed) return [];
  return SECRETS.filter((name) => (env[name] ?? '').length < MIN_SECRET_LENGTH);
}

/** Astro's development server, where `npm start` serves the site unless PORT says otherwise. */
const DEVELOPMENT_PORT = 4321;

/**
 * The site's public address, for every link it makes and every address it emails:
 * Netlify's URL; on a development machine without one, `npm start`'s own
 * (http://localhost and PORT). Never a request's Host header, which whoever sends
 * the request chooses. A deployed site without URL does not run (runtime.ts).
 */
export function siteOrigin(env: Env = process.env, deployed = isDeployed(env)): string {
  const url = env['URL'];
  if (url) return new URL(url).origin;
  if (deployed) throw new MissingSecret('URL');
  const port = env['PORT'] && /^\d{1,5}$/.test(env['PORT']) ? env['PORT'] : DEVELOPMENT_PORT;
  return `http://localhost:${port}`;
}
