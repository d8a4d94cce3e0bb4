import { describe, expect, it } from 'vitest';
import { breadcrumbs } from '../../src/lib/html/breadcrumbs.ts';
import { errorMessage, errorMessageId } from '../../src/lib/html/error-message.ts';
import { errorSummary } from '../../src/lib/html/error-summary.ts';
import { hint, hintId } from '../../src/lib/html/hint.ts';
import { label } from '../../src/lib/html/label.ts';
import { page, siteFooter, siteHeader } from '../../src/lib/html/shell.ts';
import { html } from '../../src/lib/html/template.ts';
import { repoProgram } from '../../support/program.ts';

const program = repoProgram();

describe('the page pieces', () => {
  it('a label names its input and says when the field may be left empty', () => {
    expect(String(label({ fieldId: 'f-email', text: 'Work email' }))).toBe('<label class="label" for="f-email">Work email</label>');
    expect(String(label({ fieldId: 'f-x', text: 'A & B', optional: true }))).toBe(
      '<label class="label" for="f-x">A &amp; B <span class="optional">(optional)</span></label>',
    );
    expect(String(label({ fieldId: 'f-tick', text: 'I agree', classes: '' }))).toBe('<label for="f-tick">I agree</label>');
  });

  it('a hint and an error message carry the ids an input is described by', () => {
    expect(String(hint({ fieldId: 'f-a', text: 'Like <this>' }))).toBe(`<p class="hint" id="${hintId('f-a')}">Like &lt;this&gt;</p>`);
    expect(String(errorMessage({ fieldId: 'f-lines-0-hours', text: 'Enter hours' }))).toBe(
      '<p class="error-message" id="f-lines-0-hours-error"><span class="visually-hidden">Error:</span> Enter hours</p>',
    );
    expect(errorMessageId('f-a')).toBe('f-a-error');
  });

  it('the error summary: the container takes focus, role="alert" is on an element inside it', () => {
    const out = String(errorSummary([{ text: 'Enter your name', href: '#f-name' }, { text: 'The form could not be sent <now>' }]));
    expect(out).toBe(
      '<div class="error-summary" data-error-summary tabindex="-1"><div role="alert">' +
        '<h2 class="error-summary-title" id="error-summary-title">There is a problem</h2>' +
        '<ul class="error-summary-list"><li><a href="#f-name">Enter your name</a></li><li>The form could not be sent &lt;now&gt;</li></ul></div></div>',
    );
    expect(out.match(/<div [^>]*>/)![0]).not.toContain('role=');
  });

  it('no problems, no error summary', () => {
    expect(String(errorSummary([]))).toBe('');
  });

  it('breadcrumbs link each level and mark the page itself as current', () => {
    expect(String(breadcrumbs([{ href: '/', label: 'Home' }, { label: 'PA-1 <x>' }], { classes: 'wrap' }))).toBe(
      '<nav class="breadcrumbs wrap" aria-label="Breadcrumb"><ol><li><a href="/">Home</a></li><li><span aria-current="page">PA-1 &lt;x&gt;</span></li></ol></nav>',
    );
    expect(String(breadcrumbs([]))).toBe('');
  });

  it('the header marks the current section, and settings are text', () => {
    const header = String(siteHeader({ ...program, district: { ...program.district, name: 'Cedar <Valley>' } }, '/forms/x/'));
    expect(header).toContain('<a href="/forms/" aria-current="page">Forms</a>');
    expect(header).toContain('<a href="/">Home</a>');
    expect(header).toContain('Cedar &lt;Valley&gt;');
    expect(String(siteFooter(program))).toContain('<footer class="site-footer">');
  });

  it('a page escapes its title and takes its body and head as Markup', () => {
    const fromMarkup = page(program, { title: 'A <b>', path: '/forms/', body: html`<h1>${'Hi <there>'}</h1>` });
    expect(fromMarkup).toContain('<main id="main" tabindex="-1" class="wrap"><h1>Hi &lt;there&gt;</h1></main>');
    expect(fromMarkup).toContain('<title>A &lt;b&gt; · ');
    expect(page(program, { title: 'x', path: '/', body: html`<h1>Hi</h1>`, head: html`<meta name="x">` })).toContain('<meta name="x"></head>');
  });
});
