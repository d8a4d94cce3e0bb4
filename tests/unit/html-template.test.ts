import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { html, join, Markup, raw, type Value } from '../../src/lib/html/template.ts';

const decode = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');

/** Strings heavy in what HTML gives meaning to, mixed with any text at all. */
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom('<', '>', '"', "'", '&', '=', '/', ' ', '`', 'a', 'script', 'on', '\n', '-->', '<!--', ']]>') }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('"><img src=x onerror=alert(1)>', "' onmouseover='alert(1)", '</textarea><script>alert(1)</script>', '&lt;b&gt;', '&#34;'),
);

const values: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostile,
    fc.integer(),
    fc.constantFrom(null, undefined, false),
    fc.array(tie('value'), { maxLength: 4 }),
  ),
})).value;

describe('the html template', () => {
  it('escapes text, in content and in attribute values', () => {
    const text = `<b>"Tom" & 'Jerry'</b>`;
    expect(String(html`<p title="${text}">${text}</p>`)).toBe(
      '<p title="&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;">&lt;b&gt;&quot;Tom&quot; &amp; &#39;Jerry&#39;&lt;/b&gt;</p>',
    );
  });

  it('keeps markup made by html itself, however deeply nested', () => {
    const item = (text: string) => html`<li>${text}</li>`;
    expect(String(html`<ul>${[item('a<'), [item('b'), item('c')]]}</ul>`)).toBe('<ul><li>a&lt;</li><li>b</li><li>c</li></ul>');
  });

  it('prints nothing for null, undefined, false and the empty string, and numbers as they are', () => {
    const no = false as boolean;
    expect(String(html`<p>${null}${undefined}${no && html`<b>x</b>`}${''}${0}${-1.5}</p>`)).toBe('<p>0-1.5</p>');
  });

  it('keeps trusted constant markup given with raw()', () => {
    expect(String(html`<style>${raw('a > b { font-family: "Segoe UI" }')}</style>`)).toBe('<style>a > b { font-family: "Segoe UI" }</style>');
  });

  it('joins values with a separator, escaping both', () => {
    expect(String(join([html`<a href="/1">1</a>`, 'x&y', null], ' & '))).toBe('<a href="/1">1</a> &amp; x&amp;y &amp; ');
  });

  it('is the text of its HTML wherever a string is wanted', () => {
    const markup = html`<p>${'a'}</p>`;
    expect(`${markup}`).toBe('<p>a</p>');
    expect(markup.toString()).toBe('<p>a</p>');
  });

  it('cannot be forged: Markup is made only by html and raw, and a look-alike is text', () => {
    const construct = Markup as unknown as new (made: symbol, text: string) => Markup;
    expect(() => new construct(Symbol('markup'), '<b>x</b>')).toThrow(/html`…` or raw\(\)/);
    const lookalike = { toString: () => '<b>x</b>' } as unknown as Value;
    expect(String(html`<p>${lookalike}</p>`)).toBe('<p>&lt;b&gt;x&lt;/b&gt;</p>');
    const parsed = JSON.parse('{"html":"<b>x</b>"}') as Value;
    expect(String(html`<p>${parsed}</p>`)).not.toContain('<b>');
  });

  it('refuses a value for an unquoted attribute', () => {
    expect(() => html`<input value=${'x onfocus=alert(1)'}>`).toThrow(/quote the attribute value/);
    expect(() => html`<input value = ${'x'}>`).toThrow(/quote the attribute value/);
  });

  it('refuses text between attributes, where it would make attributes of its own, and takes Markup there', () => {
    expect(() => html`<input ${'onfocus=alert(1)'}>`).toThrow(/only Markup goes between attributes/);
    expect(() => html`<input type="text" ${['autofocus']}>`).toThrow(/only Markup goes between attributes/);
    const invalid = true as boolean;
    expect(String(html`<input type="text"${invalid && html` aria-invalid="true"`}${''}>`)).toBe('<input type="text" aria-invalid="true">');
  });

  it('tells an equals sign in a quoted value or in text from an attribute', () => {
    expect(String(html`<a href="/status/?receipt=${'A&B'}">a = ${'1'}, b=${'2'}</a>`)).toBe('<a href="/status/?receipt=A&amp;B">a = 1, b=2</a>');
    expect(String(html`<a title='x=${'"'}'>y</a>`)).toBe(`<a title='x=&quot;'>y</a>`);
  });

  it('property: no interpolated string makes a tag; the text reads back as it was given', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const out = String(html`<p>${text}</p>`);
        const inner = out.slice('<p>'.length, -'</p>'.length);
        expect(inner).not.toMatch(/[<>]/);
        expect(decode(inner)).toBe(text);
      }),
    );
  });

  it('property: no interpolated string leaves a double- or single-quoted attribute', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const out = String(html`<a title="${a}" data-x='${b}' href="/">x</a>`);
        const match = /^<a title="([^"]*)" data-x='([^']*)' href="\/">x<\/a>$/.exec(out);
        expect(match).not.toBeNull();
        expect(match![1]).not.toMatch(/[<>]/);
        expect(decode(match![1]!)).toBe(a);
        expect(decode(match![2]!)).toBe(b);
      }),
    );
  });

  it('property: nested lists of text, numbers and nothing never make a tag', () => {
    fc.assert(
      fc.property(values, (value) => {
        const out = String(html`<div>${value}</div>`);
        expect(out.slice('<div>'.length, -'</div>'.length)).not.toMatch(/[<>"']/);
      }),
    );
  });
});
