import { escape } from 'html-escaper';
import type { Program } from '../program/settings.ts';

/**
 * The site's header and footer as HTML, shared by the static pages (Base.astro)
 * and the pages that functions answer with (a refused form, a receipt), so both
 * look and behave the same.
 */
export const NAV = [
  { href: '/', label: 'Home' },
  { href: '/handbook/', label: 'Handbook' },
  { href: '/courses/', label: 'Course catalog' },
  { href: '/forms/', label: 'Forms' },
  { href: '/policies/', label: 'Board policies' },
] as const;

export const STYLESHEET = '/styles/site.css';

function isCurrent(href: string, path: string): boolean {
  return href === '/' ? path === '/' : path.startsWith(href);
}

export function siteHeader(program: Program, path: string): string {
  const items = NAV.map((item) => `<li><a href="${item.href}"${isCurrent(item.href, path) ? ' aria-current="page"' : ''}>${escape(item.label)}</a></li>`).join(
    '',
  );
  return (
    `<a class="skip-link" href="#main">Skip to main content</a>` +
    `<header class="site-header"><div class="wrap header-inner">` +
    `<a class="brand" href="/"><span class="brand-district">${escape(program.district.name)}</span>` +
    `<span class="brand-program">Professional Growth</span></a>` +
    `<nav aria-label="Main"><ul class="nav-list">${items}</ul></nav>` +
    `</div></header>`
  );
}

export function siteFooter(program: Program): string {
  const contacts = program.contacts
    .map(
      (c) => `<li><strong>${escape(c.role)}</strong>: ${escape(c.name)}, <a href="mailto:${escape(c.email)}">${escape(c.email)}</a>, ${escape(c.phone)}</li>`,
    )
    .join('');
  return (
    `<footer class="site-footer"><div class="wrap">` +
    `<h2 class="footer-title">Questions?</h2><ul class="contacts">${contacts}</ul>` +
    `<p class="footer-note">${escape(program.district.name)}. The handbook and policies on this site are the district's current versions.</p>` +
    `</div></footer>`
  );
}

export function pageTitle(program: Program, title: string, path: string): string {
  return path === '/' ? `${program.programName} · ${program.district.shortName}` : `${title} · ${program.district.shortName} Professional Growth`;
}

/** A whole page, for answers that functions render. */
export function page(program: Program, opts: { title: string; path: string; body: string; head?: string }): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escape(pageTitle(program, opts.title, opts.path))}</title>` +
    `<link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="${STYLESHEET}">${opts.head ?? ''}</head>` +
    `<body>${siteHeader(program, opts.path)}<main id="main" tabindex="-1" class="wrap">${opts.body}</main>${siteFooter(program)}</body></html>`
  );
}
