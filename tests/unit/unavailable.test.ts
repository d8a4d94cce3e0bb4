import { describe, expect, it } from 'vitest';
import { unavailable } from '../../src/lib/app/runtime.ts';
import { attemptOf } from '../../src/lib/app/unavailable.ts';
import { wantsJson } from '../../src/lib/http/answers.ts';

const SITE = 'https://pd.cedarvalley.example';
const get = (path: string, headers: Record<string, string> = {}) => new Request(`${SITE}${path}`, { headers });
const post = (path: string, headers: Record<string, string> = {}) => new Request(`${SITE}${path}`, { method: 'POST', headers, body: '' });

async function said(answer: Response): Promise<string> {
  expect(answer.status).toBe(503);
  expect(answer.headers.get('retry-after')).toBe('60');
  const type = answer.headers.get('content-type') ?? '';
  if (type.startsWith('application/json')) return ((await answer.json()) as { error: string }).error;
  expect(type).toMatch(/^text\/html/);
  return (await answer.text()).replace(/<[^>]+>/g, ' ').replace(/&#39;|’/g, "'");
}

describe('a 503 says only what is true of what the request was doing', () => {
  it('a form post says nothing was stored', async () => {
    expect(await said(unavailable(post('/api/forms/pre-approval'), 'failed', 'form'))).toMatch(/could not save your form just now, and nothing was stored/);
    expect(await said(unavailable(post('/api/forms/pre-approval'), 'not-set-up', 'form'))).toMatch(/not set up yet, and nothing was stored/);
  });

  it('a page that only reads makes no claim about storing anything', async () => {
    for (const cause of ['failed', 'not-set-up'] as const) {
      const text = await said(unavailable(get('/requests/status/?receipt=PA-7K2M9Q4XAB'), cause));
      expect(text).toMatch(/Please try again in a few minutes/);
      expect(text).not.toMatch(/stored|recorded|changed/);
    }
  });

  it('opening a decision link, or one of its files, says the link still works: a GET never uses it', async () => {
    for (const path of ['/decide/?token=x', '/decide/file/?token=x&file=0']) {
      expect(await said(unavailable(get(path), 'failed'))).toMatch(/Your link still works/);
      expect(await said(unavailable(get(path), 'not-set-up'))).toMatch(/Your link still works/);
    }
  });

  it('a decision sent through a link: nothing recorded when nothing ran; else neither claim, and how to find out', async () => {
    expect(await said(unavailable(post('/decide/'), 'not-set-up'))).toMatch(/Nothing was recorded, and your link still works/);
    const failed = await said(unavailable(post('/decide/'), 'failed'));
    expect(failed).toMatch(/Open the link again to see whether it was recorded/);
    expect(failed).not.toMatch(/nothing was|still works/i);
  });

  it('another change (withdrawing, signing) claims nothing once it may have begun', async () => {
    expect(await said(unavailable(post('/requests/withdraw/'), 'failed'))).not.toMatch(/stored|recorded|changed/);
    expect(await said(unavailable(post('/requests/withdraw/'), 'not-set-up'))).toMatch(/nothing was changed/);
  });

  it('answers a JSON client in JSON, whether it said so in Accept or by sending JSON', async () => {
    const asked = unavailable(get('/requests/status/', { accept: 'application/json' }), 'failed');
    expect(asked.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await said(asked)).toBe('We could not open this page just now. Please try again in a few minutes.');
    const sent = unavailable(post('/api/forms/appeal', { 'content-type': 'application/json' }), 'failed', 'form');
    expect(sent.headers.get('content-type')).toMatch(/^application\/json/);
    const problem = unavailable(get('/decide/?token=x', { accept: 'application/problem+json' }), 'failed');
    expect(problem.headers.get('content-type')).toMatch(/^application\/json/);
    expect(unavailable(get('/requests/status/'), 'failed').headers.get('content-type')).toMatch(/^text\/html/);
  });

  it('tells a page from a change and a decision link from other pages', () => {
    expect(attemptOf(get('/forms/received/?receipt=x'))).toBe('read');
    expect(attemptOf(new Request(`${SITE}/requests/status/`, { method: 'HEAD' }))).toBe('read');
    expect(attemptOf(post('/requests/sign/'))).toBe('change');
    expect(attemptOf(get('/decide/'))).toBe('link');
    expect(attemptOf(post('/decide/'))).toBe('decision');
  });
});

describe('whether a caller wants JSON', () => {
  const wants = (accept: string | undefined, body: string | null = null) =>
    wantsJson(new Request(SITE, accept === undefined ? {} : { headers: { accept } }), body);

  it('follows what Accept prefers, JSON on a tie', () => {
    expect(wants('application/json')).toBe(true);
    expect(wants('application/json, text/html')).toBe(true);
    expect(wants('text/html, application/json')).toBe(true);
    expect(wants('text/html;q=0.9, application/json')).toBe(true);
    expect(wants('application/json;q=0.5, text/html')).toBe(false);
    expect(wants('application/vnd.api+json')).toBe(true);
    expect(wants('application/problem+json, */*;q=0.1', 'urlencoded')).toBe(true);
  });

  it('gives a browser a page, whatever it sent', () => {
    expect(wants('text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'json')).toBe(false);
    expect(wants('application/xhtml+xml')).toBe(false);
  });

  it('falls back on the kind of body when Accept names neither, or refuses JSON', () => {
    expect(wants(undefined, 'json')).toBe(true);
    expect(wants('*/*', 'json')).toBe(true);
    expect(wants('*/*', 'urlencoded')).toBe(false);
    expect(wants('application/json;q=0', 'urlencoded')).toBe(false);
    expect(wants(undefined, null)).toBe(false);
  });
});
