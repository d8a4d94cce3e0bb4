import type * as Client from 'openid-client';
import { z } from 'zod';
import { isDeployed, type Env } from '../http/deployment.ts';
import type { OidcPending } from './session.ts';

/**
 * Sign-in with the district's identity provider (Google Workspace, Microsoft
 * Entra ID, ClassLink, Okta: any OpenID Connect issuer): the authorization code
 * flow with PKCE (S256), state and nonce. All this module gives back is the
 * address the provider vouches for; the roster decides who that is.
 */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** On the button: "Sign in with <name>". */
  name: string;
}

export class OidcSettingsError extends Error {}

const settingsSchema = z.object({
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }),
  OIDC_CLIENT_ID: z.string({ error: 'is not set' }).trim().min(1, 'is not set'),
  OIDC_CLIENT_SECRET: z.string({ error: 'is not set' }).trim().min(1, 'is not set'),
  OIDC_NAME: z.string().trim().max(80).optional(),
});

const DEFAULT_NAME = 'your district account';

/** openid-client, loaded by the first sign-in through the provider rather than at import; Node keeps it loaded. */
const openid = () => import('openid-client');

/**
 * The provider's settings, or null when OIDC_ISSUER is unset: then only email
 * links are offered. An issuer without its client, or a plain-http issuer on a
 * deployed site, is a mistake to fix, not a reason to carry on quietly.
 */
export function oidcSettings(env: Env = process.env, deployed = isDeployed(env)): OidcSettings | null {
  if (!env['OIDC_ISSUER']?.trim()) return null;
  const parsed = settingsSchema.safeParse({ ...env, OIDC_NAME: env['OIDC_NAME'] || undefined });
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${String(i.path[0])} ${i.path[0] === 'OIDC_ISSUER' ? 'is not an http(s) address' : i.message}`);
    throw new OidcSettingsError(`Sign-in with the identity provider is half set up: ${names.join('; ')}.`);
  }
  const { OIDC_ISSUER: issuer, OIDC_CLIENT_ID: clientId, OIDC_CLIENT_SECRET: clientSecret, OIDC_NAME: name } = parsed.data;
  if (deployed && new URL(issuer).protocol !== 'https:') throw new OidcSettingsError('OIDC_ISSUER must be an https address on a deployed site.');
  return { issuer: issuer.trim(), clientId, clientSecret, name: name || DEFAULT_NAME };
}

const configs = new Map<string, Promise<Client.Configuration>>();
const DISCOVERY_TIMEOUT_SECONDS = 10;

/**
 * The provider's configuration, discovered once per function instance. Plain
 * http is allowed only off a deployed site (the tests' provider on 127.0.0.1).
 * A failed discovery is forgotten, so the next sign-in tries again.
 */
export function oidcConfig(settings: OidcSettings, deployed = isDeployed()): Promise<Client.Configuration> {
  const id = [settings.issuer, settings.clientId, settings.clientSecret].join('\u0000');
  let config = configs.get(id);
  if (!config) {
    config = discover(settings, deployed);
    configs.set(id, config);
    config.catch(() => configs.delete(id));
  }
  return config;
}

async function discover(settings: OidcSettings, deployed: boolean): Promise<Client.Configuration> {
  const client = await openid();
  const insecure = new URL(settings.issuer).protocol === 'http:' && !deployed;
  const options = { timeout: DISCOVERY_TIMEOUT_SECONDS, ...(insecure ? { execute: [client.allowInsecureRequests] } : {}) };
  const found = await client.discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, options);
  // HTTP Basic is the standard's default and what every provider we know accepts; POST only for a provider that says it takes nothing else.
  const methods = found.serverMetadata().token_endpoint_auth_methods_supported;
  const basic = !methods || methods.includes('client_secret_basic');
  const config = new client.Configuration(
    found.serverMetadata(),
    settings.clientId,
    settings.clientSecret,
    basic ? client.ClientSecretBasic(settings.clientSecret) : client.ClientSecretPost(settings.clientSecret),
  );
  config.timeout = DISCOVERY_TIMEOUT_SECONDS;
  if (insecure) client.allowInsecureRequests(config);
  return config;
}

/** The address to send the browser to, and what the callback must find again. */
export async function startOidc(config: Client.Configuration, redirectUri: string, next: string): Promise<{ url: URL; pending: OidcPending }> {
  const client = await openid();
  const pending: OidcPending = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier(), next };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid email',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(pending.verifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
  });
  return { url, pending };
}

export type OidcProblem =
  /** The answer is not for the sign-in this browser started (another tab, an old link, a forgery). */
  | { kind: 'state' }
  /** The provider said no, or the person cancelled: its error code, like access_denied. */
  | { kind: 'provider'; error: string }
  /** The code could not be exchanged or the ID token did not check out (a code used twice, a nonce that does not match). */
  | { kind: 'exchange'; detail: string }
  /** The provider vouched for no usable email address. */
  | { kind: 'no-email' };

export type OidcOutcome = { ok: true; email: string; emailVerified: boolean } | { ok: false; problem: OidcProblem };

const PROVIDER_ERROR = /^[\x20-\x21\x23-\x5b\x5d-\x7e]{1,64}$/;

/**
 * Checks the provider's answer on the callback address (`currentUrl`, on the
 * same origin and path as the redirect URI) against the round trip this browser
 * started, exchanges the code, and reads the address from the ID token, or from
 * the userinfo endpoint for providers that keep it there.
 */
export async function finishOidc(config: Client.Configuration, currentUrl: URL, pending: OidcPending): Promise<OidcOutcome> {
  const params = currentUrl.searchParams;
  if (params.get('state') !== pending.state) return { ok: false, problem: { kind: 'state' } };
  const error = params.get('error');
  if (error !== null) return { ok: false, problem: { kind: 'provider', error: PROVIDER_ERROR.test(error) ? error : 'unknown_error' } };

  const client = await openid();
  let claims: Record<string, unknown>;
  try {
    const tokens = await client.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: pending.verifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    claims = typeof idToken['email'] === 'string' ? idToken : await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
  } catch (failure) {
    return { ok: false, problem: { kind: 'exchange', detail: describe(failure, client.ResponseBodyError) } };
  }
  const email = z.email().max(254).safeParse(claims['email']);
  if (!email.success) return { ok: false, problem: { kind: 'no-email' } };
  // Some providers send the flag as a string; only an explicit "not verified" refuses.
  const verified = claims['email_verified'];
  return { ok: true, email: email.data, emailVerified: verified !== false && verified !== 'false' };
}

function describe(failure: unknown, ResponseBodyError: typeof Client.ResponseBodyError): string {
  if (failure instanceof ResponseBodyError) return `${failure.error}${failure.error_description ? `: ${failure.error_description}` : ''}`;
  if (failure instanceof Error) return `${failure.name}: ${failure.message}`;
  return String(failure);
}
