import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider) on a free local port, standing
 * in for the district's: one confidential client, PKCE required, and its
 * development login pages, which loginThrough() fills in without a browser.
 */
export interface TestAccount {
  id: string;
  /** Left out, the provider vouches for no address. */
  email?: string;
  email_verified?: boolean;
}

export interface TestOidcProvider {
  /** http://127.0.0.1:<port> */
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  stop(): Promise<void>;
}

export interface TestOidcOptions {
  accounts: TestAccount[];
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  /**
   * Where the email claims go. In the ID token (the default) like Google; false
   * keeps them to the userinfo endpoint, as some providers do for the code flow.
   */
  claimsInIdToken?: boolean;
}

/** The little of oidc-provider's interface used here (it ships no types). */
interface ProviderInstance {
  callback(): (req: IncomingMessage, res: ServerResponse) => void;
}
type ProviderClass = new (issuer: string, configuration: Record<string, unknown>) => ProviderInstance;

export async function startOidcProvider(options: TestOidcOptions): Promise<TestOidcProvider> {
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' };
  const byId = new Map(options.accounts.map((a) => [a.id, a]));

  const provider = new (Provider as unknown as ProviderClass)(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    cookies: { keys: ['test-provider-cookies-only'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // When true the ID token of the code flow carries only the sub, and the address comes from userinfo.
    conformIdTokenClaims: options.claimsInIdToken === false,
    pkce: { required: () => true },
    // Seconds; set so the provider does not remark on its defaults in every test run.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const account = byId.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        async claims() {
          return {
            sub,
            ...(account.email !== undefined ? { email: account.email } : {}),
            ...(account.email_verified !== undefined ? { email_verified: account.email_verified } : {}),
          };
        },
      };
    },
  });
  handle = provider.callback();

  return {
    issuer,
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    redirectUri: options.redirectUri,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Cookies by name, as a browser keeps them for one site (paths aside: sending a few more does no harm here). */
class CookieJar {
  readonly #cookies = new Map<string, string>();

  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const gone = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone) this.#cookies.delete(name);
      else this.#cookies.set(name, pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Goes from the authorization URL the site redirected to through the provider's
 * login (and consent) pages as `accountId`, following redirects by hand, until
 * the provider sends the browser to the redirect URI: that address, with its code
 * and state, is returned without being opened. `cancel` presses "Cancel" instead
 * of signing in, so the provider answers with access_denied.
 */
export async function loginThrough(provider: TestOidcProvider, startUrl: string | URL, accountId: string, { cancel = false } = {}): Promise<URL> {
  const jar = new CookieJar();
  const redirect = new URL(provider.redirectUri);
  let url = new URL(startUrl);
  let body: URLSearchParams | null = null;
  for (let step = 0; step < 20; step++) {
    if (url.origin === redirect.origin && url.pathname === redirect.pathname) return url;
    const response: Response = await fetch(url, { method: body ? 'POST' : 'GET', body, redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (location) {
      await response.body?.cancel();
      url = new URL(location, url);
      body = null;
      continue;
    }
    const text: string = await response.text();
    const prompt: string | undefined = /name="prompt" value="(\w+)"/.exec(text)?.[1];
    if (response.status !== 200 || !prompt) throw new Error(`the provider answered ${response.status} at ${url.pathname}: ${text.slice(0, 300)}`);
    if (cancel) {
      url = new URL(`${url.pathname.replace(/\/$/, '')}/abort`, url);
      continue;
    }
    url = new URL(/action="([^"]+)"/.exec(text)![1]!, url);
    body = new URLSearchParams(prompt === 'login' ? { prompt, login: accountId, password: 'any' } : { prompt });
  }
  throw new Error('the provider never sent the browser back to the redirect URI');
}
