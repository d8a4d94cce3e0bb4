/**
 * Markup built by one tagged template, `html`, that escapes everything it is
 * given unless it is markup already: text typed by a stranger can never become
 * a tag or leave an attribute. Only `html` and `raw` make Markup, so a string
 * that looks like HTML is still text.
 */
const MADE_HERE = Symbol('markup');

export class Markup {
  readonly #html: string;

  constructor(made: typeof MADE_HERE, html: string) {
    if (made !== MADE_HERE) throw new Error('Markup comes from html`…` or raw()');
    this.#html = html;
  }

  /** The HTML text, for an answer's body, `innerHTML` or Astro's `set:html`. */
  toString(): string {
    return this.#html;
  }
}

/** What may go into `${…}`: text and numbers are escaped, Markup is kept, lists are joined, null, undefined and false print nothing. */
export type Value = Markup | string | number | false | null | undefined | readonly Value[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function render(value: Value): string {
  if (value instanceof Markup) return value.toString();
  if (Array.isArray(value)) return value.map(render).join('');
  if (value === null || value === undefined || value === false) return '';
  return escape(String(value));
}

/**
 * Where each `${…}` of a template stands: in text or a quoted attribute value,
 * where escaping keeps it there, or between a tag's attributes, where text would
 * become attributes of its own and only Markup may go. Worked out once for each
 * template in the code: the strings of a call site are the same object every time.
 */
type Place = 'text' | 'between-attributes';
const PLACES = new WeakMap<TemplateStringsArray, Place[]>();

function placesOf(strings: TemplateStringsArray): Place[] {
  let places = PLACES.get(strings);
  if (places) return places;
  places = [];
  let state: 'text' | 'tag' | '"' | "'" = 'text';
  for (const part of strings.slice(0, -1)) {
    for (let i = 0; i < part.length; i++) {
      const c = part[i]!;
      if (state === 'text') state = c === '<' && /[A-Za-z/!]/.test(part[i + 1] ?? '') ? 'tag' : 'text';
      else if (state === 'tag') state = c === '"' || c === "'" ? c : c === '>' ? 'text' : 'tag';
      else if (c === state) state = 'tag';
    }
    // An unquoted attribute value ends at the first space, which escaping does not stop.
    if (state === 'tag' && /=\s*$/.test(part)) throw new Error(`html: quote the attribute value before \${…} in "${part.slice(-40)}"`);
    places.push(state === 'tag' ? 'between-attributes' : 'text');
  }
  PLACES.set(strings, places);
  return places;
}

// Nothing ('' of `text && html`…``) is allowed there too: it adds nothing.
const onlyMarkup = (value: Value): boolean =>
  value instanceof Markup || value === null || value === undefined || value === false || value === '' || (Array.isArray(value) && value.every(onlyMarkup));

export function html(strings: TemplateStringsArray, ...values: Value[]): Markup {
  const places = placesOf(strings);
  let out = strings[0]!;
  values.forEach((value, i) => {
    if (places[i] === 'between-attributes' && !onlyMarkup(value)) {
      throw new Error('html: only Markup goes between attributes, like ${error && html` aria-invalid="true"`}');
    }
    out += render(value) + strings[i + 1]!;
  });
  return new Markup(MADE_HERE, out);
}

/** Markup written in the code itself (a style sheet), never anything that came from data or a person. */
export function raw(trustedHtml: string): Markup {
  return new Markup(MADE_HERE, trustedHtml);
}

/** Values one after another with a separator between them: `join(names, ', ')`. */
export function join(values: readonly Value[], separator: Value): Markup {
  return new Markup(MADE_HERE, values.map(render).join(render(separator)));
}
