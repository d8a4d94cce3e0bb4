import type { Program } from '../program/settings.ts';
import { html, type Markup } from './template.ts';

/**
 * The site's header and footer, shared by the static pages (Base.astro) and the
 * pages that functions answer with (a refused form, a receipt), so both look
 * and behave the same.
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

export function siteHeader(program: Program, path: string): Markup {
  const items = NAV.map((item) => html`<li><a href="${item.href}"${isCurrent(item.href, path) && html` aria-current="page"`}>${item.label}</a></li>`);
  return html`<a class="skip-link" href="#main">Skip to main content</a><header class="site-header"><div class="wrap header-inner"><a class="brand" href="/"><span class="brand-district">${program.district.name}</span><span class="brand-program">Professional Growth</span></a><nav aria-label="Main"><ul class="nav-list">${items}</ul></nav></div></header>`;
}

export function siteFooter(program: Program): Markup {
  const contacts = program.contacts.map((c) => html`<li><strong>${c.role}</strong>: ${c.name}, <a href="mailto:${c.email}">${c.email}</a>, ${c.phone}</li>`);
  return html`<footer class="site-footer"><div class="wrap"><h2 class="footer-title">Questions?</h2><ul class="contacts">${contacts}</ul><p class="footer-note">${program.district.name}. The handbook and policies on this site are the district's current versions.</p></div></footer>`;
}

/** Longer titles are cut short in search results and tabs (and html-validate's long-title says so). */
export const TITLE_MAX = 70;

/**
 * The page's own title first, then as much of the site's name as fits in
 * TITLE_MAX; a title that is too long alone is cut at a word, the page's h1 keeps it whole.
 */
export function pageTitle(program: Program, title: string, path: string): string {
  const { shortName } = program.district;
  if (path === '/') return `${program.programName} · ${shortName}`;
  const fits = [`${title} · ${shortName} Professional Growth`, `${title} · ${shortName}`, title].find((t) => t.length <= TITLE_MAX);
  return fits ?? `${title.slice(0, TITLE_MAX - 1).replace(/\s+\S*$/, '')}…`;
}

export interface PageParams {
  /** The page's own title; the site's name is added after it. */
  title: string;
  /** What search results and shared links show of the page; the site's own summary unless given. */
  description?: string;
  /** The address the page stands for: it marks the current item of the main navigation. */
  path: string;
  /** What goes in <main>. */
  body: Markup;
  head?: Markup;
  /** The person signed in, on pages that need sign-in: their name and a way to sign out, on every such page. */
  signedIn?: { name: string };
  /** Scripts the page loads (the form script); files of the site, never inline, so the CSP needs no exception. */
  scripts?: string[];
}

/** Who is signed in, and the sign-out button (a POST, so a link in a mail or an image cannot sign anyone out). */
export function signedInBar(name: string): Markup {
  return html`<div class="wrap signed-in"><span>Signed in as ${name}</span><a href="/my/record/">My record</a><form method="post" action="/sign-out/"><button type="submit" class="link-button">Sign out</button></form></div>`;
}

/** A whole page, for answers that functions render: the text of the answer's body. */
export function page(program: Program, { title, description, path, body, head, signedIn, scripts = [] }: PageParams): string {
  const summary = description ?? `${program.district.name}: ${program.programName}, its forms and requests.`;
  // Low priority: the page works without its script, so the text and the style sheet come first.
  const scriptTags = scripts.map((src) => html`<script type="module" src="${src}" fetchpriority="low"></script>`);
  return String(
    html`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${pageTitle(program, title, path)}</title><meta name="description" content="${summary}"><link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="${STYLESHEET}">${head}${scriptTags}</head><body>${siteHeader(program, path)}${signedIn && signedInBar(signedIn.name)}<main id="main" tabindex="-1" class="wrap">${body}</main>${siteFooter(program)}</body></html>`,
  );
}
