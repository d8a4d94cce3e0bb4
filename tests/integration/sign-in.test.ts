import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  currentSession,
  oidcCallbackHandler,
  signInHandler,
  signInLinkHandler,
  signInRedirect,
  signOutHandler,
  withSession,
  type SignInDeps,
} from '../../src/lib/app/sign-in.ts';
import { oidcSettings } from '../../src/lib/identity/oidc.ts';
import { loadSampleRoster, Roster } from '../../src/lib/identity/roster.ts';
import { newSession, sealSession, SESSION_COOKIE } from '../../src/lib/identity/session.ts';
import { mailTransport } from '../../src/lib/mail/transport.ts';
import { loadProgram } from '../../src/lib/program/settings.ts';
import { startBlobs } from '../../support/blobs.ts';
import { loginThrough, startOidcProvider, type TestOidcProvider } from '../../support/oidc.ts';
import { runs } from '../../support/runs.ts';
import { startSmtp, type TestSmtp } from '../../support/smtp.ts';

const SITE = 'https://growth.cedarvalley.example';
const SECRET = 'a test session secret, at least thirty-two characters';
const program = loadProgram();
const hr = program.contacts[0]!;

// People of the sample roster (content/staff.csv).
const ana = { id: '104233', email: 'ana.reyes@cedarvalley.example' };
const linda = { id: '104281', email: 'linda.brooks@cedarvalley.example' }; // no longer active
const stranger = 'visitor@cedarvalley.example';

let blobs: Awaited<ReturnType<typeof startBlobs>>;
let smtp: TestSmtp;
let idp: TestOidcProvider;
let clock: number;
let roster: Roster;
let deps: SignInDeps;

beforeAll(async () => {
  smtp = await startSmtp();
  idp = await startOidcProvider({
    accounts: [
      { id: 'ana', email: 'Ana.Reyes@CedarValley.example', email_verified: true },
      { id: 'linda', email: linda.email, email_verified: true },
      { id: 'visitor', email: stranger, email_verified: true },
      { id: 'unverified', email: ana.email, email_verified: false },
      { id: 'no-address' },
    ],
    clientId: 'professional-growth',
    clientSecret: 'provider-client-secret-for-tests',
    redirectUri: `${SITE}/sign-in/callback/`,
  });
});

afterAll(async () => {
  await Promise.all([smtp.stop(), idp.stop()]);
});

beforeEach(async () => {
  await blobs?.stop();
  blobs = await startBlobs();
  clock = Date.parse('2026-11-24T18:00:00Z');
  roster = loadSampleRoster();
  deps = {
    program,
    store: blobs.store,
    now: () => new Date(clock),
    roster: async () => roster,
    sessionSecret: SECRET,
    mail: mailTransport({ SMTP_URL: smtp.url, MAIL_FROM: 'Professional Growth <pd@cedarvalley.example>' }, blobs.store, false),
    oidc: { issuer: idp.issuer, clientId: idp.clientId, clientSecret: idp.clientSecret, name: 'Cedar Valley Google account' },
    origin: SITE,
    // The answer's time budget is the real clock's business; the tests do not wait it out.
    wait: async () => {},
  };
});

afterAll(async () => blobs?.stop());

function post(path: string, fields: Record<string, string>, { cookie = '', origin = SITE } = {}): Request {
  return new Request(`${SITE}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

const get = (address: string, cookie = '') => new Request(new URL(address, SITE), { headers: cookie ? { cookie } : {} });

/** "name=value" of a cookie an answer sets, for the browser's next request. */
function cookieSet(answer: Response, name: string): string | undefined {
  return answer.headers
    .getSetCookie()
    .find((line) => line.startsWith(`${name}=`))
    ?.split(';')[0];
}

async function startProvider(next = '/'): Promise<{ authorize: URL; pending: string }> {
  const answer = await signInHandler(post('/sign-in/', { provider: 'oidc', next }), deps);
  expect(answer.status).toBe(303);
  return { authorize: new URL(answer.headers.get('location')!), pending: cookieSet(answer, 'pg_oidc')! };
}

/** Through the provider as one of its accounts, back to the site's callback with the round-trip cookie. */
async function signInAtProvider(account: string, next = '/'): Promise<Response> {
  const { authorize, pending } = await startProvider(next);
  const callback = await loginThrough(idp, authorize, account);
  return oidcCallbackHandler(get(callback.href, pending), deps);
}

describe('the identity provider settings', () => {
  const env = { OIDC_ISSUER: 'https://accounts.google.com', OIDC_CLIENT_ID: 'client-id', OIDC_CLIENT_SECRET: 'client-secret' };

  it('are absent without an issuer, so only email links are offered', () => {
    expect(oidcSettings({}, true)).toBeNull();
    expect(oidcSettings({ OIDC_CLIENT_ID: 'client-id' }, true)).toBeNull();
  });

  it('name the button after OIDC_NAME, or "your district account"', () => {
    expect(oidcSettings({ ...env, OIDC_NAME: 'Cedar Valley Google account' }, true)).toEqual({
      issuer: 'https://accounts.google.com',
      clientId: 'client-id',
      clientSecret: 'client-secret',
      name: 'Cedar Valley Google account',
    });
    expect(oidcSettings(env, true)?.name).toBe('your district account');
  });

  it('refuse an issuer without its client, naming what is missing, and plain http on a deployed site', () => {
    expect(() => oidcSettings({ OIDC_ISSUER: 'https://accounts.google.com', OIDC_CLIENT_ID: 'client-id' }, true)).toThrow(/OIDC_CLIENT_SECRET is not set/);
    expect(() => oidcSettings({ ...env, OIDC_ISSUER: 'accounts.google.com' }, true)).toThrow(/OIDC_ISSUER is not an http\(s\) address/);
    expect(() => oidcSettings({ ...env, OIDC_ISSUER: 'http://127.0.0.1:4000' }, true)).toThrow(/must be an https address/);
    expect(oidcSettings({ ...env, OIDC_ISSUER: 'http://127.0.0.1:4000' }, false)?.issuer).toBe('http://127.0.0.1:4000');
  });
});

describe('signing in with the district identity provider', () => {
  it('sends the browser to the provider with PKCE (S256), state and nonce, and keeps them in a short-lived sealed cookie', async () => {
    const answer = await signInHandler(post('/sign-in/', { provider: 'oidc', next: '/requests/' }), deps);
    const authorize = new URL(answer.headers.get('location')!);
    expect(authorize.origin).toBe(idp.issuer);
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${SITE}/sign-in/callback/`);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    for (const name of ['code_challenge', 'state', 'nonce']) expect(authorize.searchParams.get(name)).toMatch(/^[\w-]{22,}$/);
    const cookie = answer.headers.getSetCookie().find((line) => line.startsWith('pg_oidc='))!;
    expect(cookie).toMatch(/; Path=\/sign-in; Max-Age=600; HttpOnly; Secure; SameSite=Lax$/);
    // Sealed: nothing of the round trip can be read from it.
    expect(cookie).not.toContain(authorize.searchParams.get('state'));
  });

  it('signs a person on the roster in, whatever the case of the address, and takes them where they were going', async () => {
    const answer = await signInAtProvider('ana', '/requests/?receipt=PA-7K2M9Q4XAB');
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/requests/?receipt=PA-7K2M9Q4XAB');
    expect(answer.headers.getSetCookie()).toContainEqual(expect.stringMatching(/^pg_oidc=; Path=\/sign-in; Max-Age=0/));
    const current = await currentSession(get('/forms/', cookieSet(answer, SESSION_COOKIE)), deps);
    expect(current?.person.employeeId).toBe(ana.id);
    expect(current?.session).toMatchObject({ employeeId: ana.id, email: ana.email, via: 'oidc' });
  });

  it('reads the address from the userinfo endpoint when the ID token leaves it out', async () => {
    const quiet = await startOidcProvider({
      accounts: [{ id: 'ana', email: ana.email }],
      clientId: 'professional-growth',
      clientSecret: 'another-provider-client-secret',
      redirectUri: `${SITE}/sign-in/callback/`,
      claimsInIdToken: false,
    });
    try {
      deps.oidc = { issuer: quiet.issuer, clientId: quiet.clientId, clientSecret: quiet.clientSecret, name: 'Cedar Valley account' };
      const { authorize, pending } = await startProvider();
      const answer = await oidcCallbackHandler(get((await loginThrough(quiet, authorize, 'ana')).href, pending), deps);
      expect(answer.status).toBe(303);
      expect((await currentSession(get('/', cookieSet(answer, SESSION_COOKIE)), deps))?.person.employeeId).toBe(ana.id);
    } finally {
      await quiet.stop();
    }
  });

  it('refuses an answer meant for another sign-in (the state of another tab)', async () => {
    const first = await startProvider();
    const second = await startProvider();
    const callback = await loginThrough(idp, first.authorize, 'ana');
    const answer = await oidcCallbackHandler(get(callback.href, second.pending), deps);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('This sign-in does not match');
    expect(cookieSet(answer, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a code used a second time', async () => {
    const { authorize, pending } = await startProvider();
    const callback = await loginThrough(idp, authorize, 'ana');
    expect((await oidcCallbackHandler(get(callback.href, pending), deps)).status).toBe(303);
    const again = await oidcCallbackHandler(get(callback.href, pending), deps);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain('Your sign-in could not be completed');
    expect(cookieSet(again, SESSION_COOKIE)).toBeUndefined();
  });

  it('tells a verified address that is not on the roster whom to contact', async () => {
    const answer = await signInAtProvider('visitor');
    expect(answer.status).toBe(403);
    const text = await answer.text();
    expect(text).toContain(`${stranger} is not on the district’s staff list`);
    expect(text).toContain(`<a href="mailto:${hr.email}">${hr.email}</a>`);
    expect(cookieSet(answer, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses a person the roster lists as no longer active', async () => {
    const answer = await signInAtProvider('linda');
    expect(answer.status).toBe(403);
    expect(await answer.text()).toContain('but not as a current employee');
    expect(cookieSet(answer, SESSION_COOKIE)).toBeUndefined();
  });

  it('refuses an address the provider has not verified, and an account without one', async () => {
    const unverified = await signInAtProvider('unverified');
    expect(unverified.status).toBe(403);
    expect(await unverified.text()).toContain(`has not verified ${ana.email}`);
    const none = await signInAtProvider('no-address');
    expect(none.status).toBe(403);
    expect(await none.text()).toContain('did not share your email address');
  });

  it('says so when the person cancels at the provider', async () => {
    const { authorize, pending } = await startProvider();
    const answer = await oidcCallbackHandler(get((await loginThrough(idp, authorize, 'ana', { cancel: true })).href, pending), deps);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('You did not sign in');
  });

  it('sends a callback without its round-trip cookie (or after 10 minutes) back to the start', async () => {
    const { authorize, pending } = await startProvider();
    const callback = await loginThrough(idp, authorize, 'ana');
    expect((await oidcCallbackHandler(get(callback.href), deps)).status).toBe(400);
    clock += 10 * 60_000 + 1_000;
    const late = await oidcCallbackHandler(get(callback.href, pending), deps);
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('Your sign-in took too long');
  });

  it('offers the provider on the sign-in page only when one is configured', async () => {
    expect(await (await signInHandler(get('/sign-in/'), deps)).text()).toContain('Sign in with Cedar Valley Google account');
    deps.oidc = null;
    const page = await (await signInHandler(get('/sign-in/'), deps)).text();
    expect(page).not.toContain('provider');
    expect(page).toContain('Email me a sign-in link');
    expect((await oidcCallbackHandler(get('/sign-in/callback/?code=x&state=y'), deps)).status).toBe(404);
  });
});

async function askForLink(email: string, next = '/'): Promise<Response> {
  return signInHandler(post('/sign-in/', { email, next }), deps);
}

/** The sign-in link of the next message to this address. */
async function linkSentTo(email: string): Promise<string> {
  const mail = await smtp.next((m) => m.to !== undefined && JSON.stringify(m.to).includes(email));
  return /https:\/\/\S+\/sign-in\/link\/\?token=[\w.%-]+/.exec(mail.text ?? '')![0];
}

const tokenOf = (link: string) => new URL(link).searchParams.get('token')!;

describe('signing in with a link sent by email', () => {
  it('sends a link to the roster address that signs the person in once, then says it was used', async () => {
    const sentBefore = smtp.messages.length;
    const answer = await askForLink('  Ana.Reyes@CEDARVALLEY.example ', '/forms/pre-approval/');
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('Check your email');
    const link = await linkSentTo(ana.email);
    expect(smtp.messages.length).toBe(sentBefore + 1);
    expect(link.startsWith(`${SITE}/sign-in/link/?token=`)).toBe(true);

    const signedIn = await signInLinkHandler(post('/sign-in/link/', { token: tokenOf(link) }), deps);
    expect(signedIn.status).toBe(303);
    expect(signedIn.headers.get('location')).toBe('/forms/pre-approval/');
    const current = await currentSession(get('/', cookieSet(signedIn, SESSION_COOKIE)), deps);
    expect(current?.session).toMatchObject({ employeeId: ana.id, via: 'email' });

    const again = await signInLinkHandler(post('/sign-in/link/', { token: tokenOf(link) }), deps);
    expect(again.status).toBe(410);
    expect(await again.text()).toContain('This sign-in link has been used');
    expect((await signInLinkHandler(get(link), deps)).status).toBe(410);
  });

  it('answers an address that is not on the roster with the same page, and sends nothing', async () => {
    const known = await askForLink(ana.email);
    await linkSentTo(ana.email);
    const sentBefore = smtp.messages.length;
    const unknown = await askForLink(stranger);
    const inactive = await askForLink(linda.email);
    expect(smtp.messages.length).toBe(sentBefore);
    const knownPage = (await known.text()).replace(ana.email, 'ADDRESS');
    expect(unknown.status).toBe(known.status);
    expect(inactive.status).toBe(known.status);
    expect((await unknown.text()).replace(stranger, 'ADDRESS')).toBe(knownPage);
    expect((await inactive.text()).replace(linda.email, 'ADDRESS')).toBe(knownPage);
  });

  it('opens to a "Continue signing in" button: opening the link, as a mail scanner does, signs nobody in', async () => {
    await askForLink(ana.email);
    const link = await linkSentTo(ana.email);
    for (let visit = 0; visit < 2; visit++) {
      const opened = await signInLinkHandler(get(link), deps);
      expect(opened.status).toBe(200);
      expect(opened.headers.getSetCookie()).toEqual([]);
      const page = await opened.text();
      expect(page).toContain('<form class="form" method="post" action="/sign-in/link/">');
      expect(page).toContain('Continue signing in</button>');
      expect(page).toContain(`It signs in ${ana.email}.`);
    }
    expect((await signInLinkHandler(post('/sign-in/link/', { token: tokenOf(link) }), deps)).status).toBe(303);
  });

  it('stops working 15 minutes after it was sent', async () => {
    await askForLink(ana.email);
    const link = await linkSentTo(ana.email);
    clock += 15 * 60_000;
    const late = await signInLinkHandler(post('/sign-in/link/', { token: tokenOf(link) }), deps);
    expect(late.status).toBe(410);
    expect(await late.text()).toContain('This sign-in link has expired');
    expect(cookieSet(late, SESSION_COOKIE)).toBeUndefined();
  });

  it('sends one address at most five links an hour, answering every request the same way', async () => {
    const sentBefore = smtp.messages.length;
    const pages = new Set<string>();
    for (let i = 0; i < 7; i++) {
      const answer = await askForLink(ana.email);
      expect(answer.status).toBe(200);
      pages.add(await answer.text());
    }
    expect(pages.size).toBe(1);
    expect(smtp.messages.length - sentBefore).toBe(5);
    clock += 60 * 60_000 + 1_000;
    await askForLink(ana.email);
    expect(smtp.messages.length - sentBefore).toBe(6);
  });

  it('refuses a link that was changed, and a person who left the roster after it was sent', async () => {
    await askForLink(ana.email);
    const token = tokenOf(await linkSentTo(ana.email));
    const parts = token.split('.');
    parts[3] = `${parts[3]![0] === 'A' ? 'B' : 'A'}${parts[3]!.slice(1)}`;
    const changed = parts.join('.');
    expect((await signInLinkHandler(post('/sign-in/link/', { token: changed }), deps)).status).toBe(400);
    roster = new Roster(roster.members.map((m) => (m.employeeId === ana.id ? { ...m, active: false } : m)));
    expect((await signInLinkHandler(post('/sign-in/link/', { token }), deps)).status).toBe(403);
  });

  it('shows a badly typed address again with the error summary and the message beside the field', async () => {
    const answer = await askForLink('ana.reyes@');
    expect(answer.status).toBe(422);
    const page = await answer.text();
    expect(page).toContain('<title>Error: Sign in');
    expect(page).toContain('<a href="#f-email">Enter an email address in the correct format');
    expect(page).toMatch(
      /<input class="input" type="email" id="f-email" name="email" value="ana.reyes@"[^>]*aria-describedby="f-email-hint f-email-error" aria-invalid="true">/,
    );
  });
});

describe('sessions and signing out', () => {
  async function cookieFor(employeeId: string, issuedAt = clock): Promise<string> {
    const member = roster.byId(employeeId)!;
    return `${SESSION_COOKIE}=${await sealSession(newSession(member, 'email', issuedAt), SECRET)}`;
  }

  it('signs out with a POST from the site: the cookie is cleared and the page says so', async () => {
    const cookie = await cookieFor(ana.id);
    const answer = await signOutHandler(post('/sign-out/', {}, { cookie }), deps);
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe('/sign-out/');
    expect(answer.headers.getSetCookie()).toEqual(['pg_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax']);
    expect(await (await signOutHandler(get('/sign-out/'), deps)).text()).toContain('You are signed out');
    // Opening /sign-out/ signs nobody out: it offers the button.
    expect(await (await signOutHandler(get('/sign-out/', cookie), deps)).text()).toContain('Sign out</button>');
  });

  it('refuses to sign out from another site’s page', async () => {
    const answer = await signOutHandler(post('/sign-out/', {}, { cookie: await cookieFor(ana.id), origin: 'https://evil.example' }), deps);
    expect(answer.status).toBe(403);
    expect(answer.headers.getSetCookie()).toEqual([]);
  });

  it('signs out a person who has left the roster or become inactive, clearing the cookie on the way to sign-in', async () => {
    const cookie = await cookieFor(ana.id);
    expect(await currentSession(get('/requests/', cookie), deps)).not.toBeNull();
    roster = new Roster(roster.members.filter((m) => m.employeeId !== ana.id));
    const request = get('/requests/?receipt=PA-7K2M9Q4XAB', cookie);
    expect(await currentSession(request, deps)).toBeNull();
    const redirect = signInRedirect(request);
    expect(redirect.headers.get('location')).toBe('/sign-in/?next=%2Frequests%2F%3Freceipt%3DPA-7K2M9Q4XAB');
    expect(redirect.headers.getSetCookie()).toEqual(['pg_session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Lax']);
    expect(await currentSession(get('/', await cookieFor(linda.id)), deps)).toBeNull();
  });

  it('seals a session again once it is over five minutes old, and leaves a fresher one alone', async () => {
    const cookie = await cookieFor(ana.id);
    const { session } = (await currentSession(get('/', cookie), deps))!;
    expect((await withSession(new Response('ok'), session, deps)).headers.getSetCookie()).toEqual([]);
    clock += 5 * 60_000 + 1_000;
    const rolled = await withSession(new Response('ok'), session, deps);
    const fresh = cookieSet(rolled, SESSION_COOKIE)!;
    clock += 2 * 60 * 60_000 - 60_000;
    // The old cookie has been idle two hours by now; the rolled one not.
    expect(await currentSession(get('/', cookie), deps)).toBeNull();
    expect((await currentSession(get('/', fresh), deps))?.session).toMatchObject({ issuedAt: session.issuedAt });
  });
});

describe('junk sent to the sign-in addresses', () => {
  const handlers = {
    '/sign-in/': signInHandler,
    '/sign-in/link/': signInLinkHandler,
    '/sign-in/callback/': oidcCallbackHandler,
    '/sign-out/': signOutHandler,
  };
  const fields = fc.dictionary(fc.constantFrom('email', 'next', 'provider', 'token', 'code', 'state', 'error', 'iss', 'x'), fc.string({ maxLength: 80 }), {
    maxKeys: 5,
  });
  const junk = fc.record({
    path: fc.constantFrom(...(Object.keys(handlers) as (keyof typeof handlers)[])),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD'),
    query: fields,
    body: fc.oneof(
      fields.map((f) => ({ type: 'application/x-www-form-urlencoded', text: new URLSearchParams(f).toString() })),
      fc.record({
        type: fc.constantFrom('application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded'),
        text: fc.string(),
      }),
    ),
    cookie: fc.oneof(
      fc.string(),
      fc.string().map((s) => `pg_session=${s}; pg_oidc=${s}`),
    ),
    origin: fc.constantFrom(SITE, 'https://evil.example', ''),
  });

  it('answers every request with a page, never a server error', async () => {
    // Refused exchanges are logged; here there are hundreds.
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    // A real round trip in progress, so junk also reaches the code exchange with a state that matches.
    const { authorize, pending } = await startProvider();
    const state = authorize.searchParams.get('state')!;
    try {
      await fc.assert(
        fc.asyncProperty(junk, fc.boolean(), async ({ path, method, query, body, cookie, origin }, inRoundTrip) => {
          const params = new URLSearchParams(query);
          if (inRoundTrip) params.set('state', state);
          const sendsBody = method !== 'GET' && method !== 'HEAD';
          const request = new Request(`${SITE}${path}?${params.toString()}`, {
            method,
            headers: {
              cookie: inRoundTrip ? `${pending}; ${cookie}` : cookie,
              ...(origin ? { origin } : {}),
              ...(sendsBody ? { 'content-type': body.type } : {}),
            },
            ...(sendsBody ? { body: body.text } : {}),
          });
          const answer = await handlers[path](request, deps);
          expect(answer.status).toBeLessThan(500);
          if (answer.status !== 303) expect(answer.headers.get('content-type')).toContain('text/html');
        }),
        { numRuns: runs(400, 100) },
      );
    } finally {
      quiet.mockRestore();
    }
  });
});
