import { describe, expect, it } from 'vitest';
import { MissingSecret, siteOrigin } from '../../src/lib/http/deployment.ts';
import { toolLinks } from '../../src/lib/workflow/links.ts';

describe('the site’s own address, for every link it makes and mails', () => {
  it('is Netlify’s URL when there is one, as an origin', () => {
    expect(siteOrigin({ URL: 'https://pd.cedarvalley.example/' }, true)).toBe('https://pd.cedarvalley.example');
    expect(siteOrigin({ URL: 'http://localhost:8888' }, false)).toBe('http://localhost:8888');
  });

  it('on a development machine without one, is npm start’s: localhost on PORT, else Astro’s 4321', () => {
    expect(siteOrigin({}, false)).toBe('http://localhost:4321');
    expect(siteOrigin({ PORT: '3000' }, false)).toBe('http://localhost:3000');
    expect(siteOrigin({ PORT: 'evil.example' }, false)).toBe('http://localhost:4321');
  });

  it('is refused on a deployed site without URL, rather than taken from a request', () => {
    expect(() => siteOrigin({ SITE_ID: 'a1b2c3d4' })).toThrow(MissingSecret);
    expect(() => siteOrigin({}, true)).toThrow(/URL is not set/);
  });

  it('is the address the tools’ links point at too', () => {
    expect(toolLinks({ PORT: '3000' }, false).origin).toBe('http://localhost:3000');
    expect(toolLinks({ URL: 'https://pd.cedarvalley.example' }, false).origin).toBe('https://pd.cedarvalley.example');
  });
});
