import { z } from 'zod';
import { fieldRegistry, fieldsOf, metaOf, type FieldMeta, type RepeatMeta } from './walk.ts';

/**
 * Field builders: each returns a zod schema that carries its own label, hint and
 * input kind as metadata, so one definition gives the server's validation, the
 * browser's inline checks, the error messages (which name the field) and the
 * form's markup. The metadata lives in zod's registry (`fieldRegistry`, with
 * the walker that reads it back in walk.ts).
 */
export { fieldRegistry, metaOf, type FieldKind, type FieldMeta, type RepeatMeta } from './walk.ts';

function withMeta<T extends z.ZodType>(schema: T, meta: FieldMeta | RepeatMeta): T {
  // The registry types its metadata through a mapping meant for schemas' input and output
  // types; ours names none, and the mapping cannot see through a repeat's row of schemas.
  fieldRegistry.add(schema, meta as never);
  return schema;
}

const lower = (label: string) => label.charAt(0).toLowerCase() + label.slice(1);
/** An empty text box or an empty file input means "no answer". */
const blank = (v: unknown) => ((typeof v === 'string' && v.trim() === '') || (v instanceof File && v.size === 0 && v.name === '') ? undefined : v);

interface Common {
  hint?: string;
  autocomplete?: string;
}

function finish<T extends z.ZodType>(inner: T, meta: FieldMeta) {
  return withMeta(z.preprocess(blank, inner), meta);
}

/** The same field, filled from HR's roster for the signed-in person rather than typed (forms/person.ts). */
export function fromRoster<T extends z.ZodType>(field: T): T {
  const meta = metaOf(field);
  if (!meta || meta.kind === 'repeat') throw new Error('fromRoster() takes a single field');
  return withMeta(
    z.preprocess((v) => v, field),
    { ...meta, fromRoster: true },
  ) as unknown as T;
}

/** A field asked only when `field` of the same row is `value` (FieldMeta.when); it may be left empty otherwise. */
export function shownWhen<T extends z.ZodType>(field: T, when: { field: string; value: string }) {
  const meta = metaOf(field);
  if (!meta || meta.kind === 'repeat') throw new Error('shownWhen() takes a single field');
  return withMeta(z.preprocess(blank, field.optional()), { ...meta, optional: true, when });
}

/** The same field, but it may be left empty; the page marks it "(optional)". */
export function optional<T extends z.ZodType>(field: T) {
  const meta = metaOf(field);
  if (!meta || meta.kind === 'repeat') throw new Error('optional() takes a single field');
  return withMeta(z.preprocess(blank, field.optional()), { ...meta, optional: true });
}

export function text(label: string, opts: Common & { max?: number; multiline?: boolean; rows?: number; width?: 'short' | 'medium' } = {}) {
  const max = opts.max ?? (opts.multiline ? 4000 : 200);
  const inner = z
    .string({ error: `Enter ${lower(label)}` })
    .trim()
    .min(1, `Enter ${lower(label)}`)
    .max(max, `${label} must be ${max} characters or fewer`);
  return finish(inner, {
    label,
    kind: opts.multiline ? 'textarea' : 'text',
    ...pick(opts, ['hint', 'autocomplete', 'rows', 'width']),
  });
}

/** An employee number as payroll writes it: letters, digits and dashes. */
export function employeeId(label: string, opts: Common = {}) {
  const inner = z
    .string({ error: `Enter ${lower(label)}` })
    .trim()
    .min(1, `Enter ${lower(label)}`)
    .max(20, `${label} must be 20 characters or fewer`)
    .regex(/^[A-Za-z0-9-]+$/, `${label} must contain only letters, digits and dashes, as on your pay stub`);
  return finish(inner, { label, kind: 'text', width: 'short', ...pick(opts, ['hint']) });
}

/**
 * One course from the catalog, by its id; whether it may be chosen is a rule, since the
 * catalog is data. `offers` is what the list shows: every listed course (the default), or
 * the courses the classified incentive pays for, retired ones whose promise still holds included.
 */
export function catalogCourse(label: string, opts: Common & { offers?: 'listed' | 'incentive' } = {}) {
  const inner = z
    .string({ error: `Select ${lower(label)}` })
    .trim()
    .regex(/^[a-z0-9-]{1,120}$/, `Select ${lower(label)} from the list`);
  return finish(inner, { label, kind: 'select', optionsFrom: 'catalog', catalogOffers: opts.offers ?? 'listed', ...pick(opts, ['hint']) });
}

export function email(label: string, opts: Common = {}) {
  const inner = z
    .string({ error: `Enter ${lower(label)}` })
    .trim()
    .max(254, `${label} must be 254 characters or fewer`)
    .pipe(z.email({ error: `Enter ${lower(label)} in the correct format, like name@example.org` }));
  return finish(inner, { label, kind: 'email', inputmode: 'email', ...pick(opts, ['hint', 'autocomplete']) });
}

export function date(label: string, opts: Common = {}) {
  const inner = z
    .string({ error: `Enter ${lower(label)}` })
    .trim()
    .pipe(z.iso.date({ error: `Enter ${lower(label)} as a real date, like 2026-09-15` }));
  return finish(inner, { label, kind: 'date', ...pick(opts, ['hint']) });
}

/**
 * Digits with at most one point ("6", "7.5", ".25", "6."), as people write a number: JavaScript's
 * Number() would also read "0x10" as 16 and "6e0" as 6, which nobody means in a form.
 */
const PLAIN_DECIMAL = /^(?:\d+\.?\d*|\.\d+)$/;

/**
 * A form's answer as a number, by one rule whichever way it came: text (a form post, or a
 * string in JSON) is read only as a plain decimal, with a leading minus, and anything else is
 * NaN, which the schema refuses as "not a number"; a JSON number is already read (6e0 there is
 * 6). A number below zero is then refused by the field's range, naming it; -0 is a minus
 * nobody means where no number is below zero.
 */
export function plainNumber(value: unknown, negative: boolean): unknown {
  let read = value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return value;
    if (!PLAIN_DECIMAL.test(text.startsWith('-') ? text.slice(1) : text)) return Number.NaN;
    read = Number(text);
  }
  if (Object.is(read, -0)) return negative ? 0 : Number.NaN;
  return read;
}

/** A number typed into a form arrives as text; anything that is not a number says so. */
export function number(label: string, opts: Common & { min?: number; max: number; step?: number; unit?: string }) {
  const unit = opts.unit ? ` ${opts.unit}` : '';
  const toNumber = (v: unknown) => plainNumber(v, (opts.min ?? 0) < 0);
  let inner = z
    .number({ error: `Enter ${lower(label)} as a number, like ${opts.max > 6 ? 6 : opts.max}` })
    .min(opts.min ?? 0, `${label} must be ${opts.min ?? 0}${unit} or more`)
    .max(opts.max, `${label} must be ${opts.max}${unit} or fewer`);
  if (opts.step) inner = inner.multipleOf(opts.step, `${label} must be in steps of ${opts.step}${unit}`);
  return finish(z.preprocess(toNumber, inner), {
    label,
    kind: 'number',
    inputmode: opts.step && opts.step < 1 ? 'decimal' : 'numeric',
    width: 'short',
    ...pick(opts, ['hint']),
  });
}

export function choice<const V extends string>(
  label: string,
  options: readonly { value: V; label: string }[],
  opts: Common & { as?: 'select' | 'radios' } = {},
) {
  const values = options.map((o) => o.value) as [V, ...V[]];
  const inner = z.enum(values, { error: `Select ${lower(label)}` });
  return finish(inner, { label, kind: opts.as ?? 'radios', options, ...pick(opts, ['hint']) });
}

const CHECKED = new Set<unknown>([true, 'true', 'yes', 'on']);

export function checkbox(label: string, opts: { hint?: string } = {}) {
  return withMeta(
    z.preprocess((v) => CHECKED.has(v), z.boolean()),
    { label, kind: 'checkbox', optional: true, ...pick(opts, ['hint']) },
  );
}

/** A statement the person must confirm by ticking it. */
export function confirm(label: string, message: string, opts: { hint?: string } = {}) {
  return withMeta(
    z.preprocess((v) => CHECKED.has(v), z.literal(true, { error: message })),
    {
      label,
      kind: 'checkbox',
      ...pick(opts, ['hint']),
    },
  );
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const EVIDENCE_ACCEPT = '.pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic';

/** An uploaded file: present and at most 5 MB here; its content is checked by the server. */
export function file(label: string, opts: Common = {}) {
  const inner = z
    .instanceof(File, { error: `Select ${lower(label)}` })
    .refine((f) => f.size > 0, `${label} is empty: select the file again`)
    .refine((f) => f.size <= MAX_FILE_BYTES, `${label} must be 5 MB or smaller`);
  return finish(inner, { label, kind: 'file', accept: EVIDENCE_ACCEPT, ...pick(opts, ['hint']) });
}

/** Rows of the same fields (course lines); rows left wholly blank are dropped. */
export function repeat<T extends z.ZodRawShape>(label: string, shape: T, opts: { min: number; max: number; slots: number; itemLabel: string; hint?: string }) {
  const rows = (v: unknown) => {
    if (v === undefined || v === '') return [];
    const list = rowsOf(v);
    return list ? list.filter((row) => !isBlankRow(row)) : v;
  };
  const schema = z.preprocess(
    rows,
    z
      .array(z.object(shape, { error: `Fill in each ${lower(opts.itemLabel)} in its own row of answers` }), {
        error: `Add at least one ${lower(opts.itemLabel)}`,
      })
      .min(opts.min, opts.min === 1 ? `Add at least one ${lower(opts.itemLabel)}` : `Add at least ${opts.min} ${lower(opts.itemLabel)}s`)
      .max(opts.max, `Add at most ${opts.max} ${lower(opts.itemLabel)}s; send the rest in another request`),
  );
  return withMeta(schema, {
    label,
    kind: 'repeat',
    slots: opts.slots,
    max: opts.max,
    itemLabel: opts.itemLabel,
    shape,
    ...pick(opts, ['hint']),
  });
}

/** A form post of lines[0][...] and lines[3][...] arrives as an object keyed by index; JSON as an array. */
function rowsOf(value: unknown): unknown[] | null {
  return Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : null;
}

function isBlankRow(row: unknown): boolean {
  return row !== null && typeof row === 'object' && Object.values(row).every((v) => blank(v) === undefined);
}

/**
 * Drops rows left wholly blank and numbers the rest from 0, before anything reads
 * the answers: errors then point at the rows as the person sees them again.
 */
export function compactRepeats(shape: z.ZodRawShape, data: Record<string, unknown>): Record<string, unknown> {
  const out = { ...data };
  for (const field of fieldsOf(shape)) {
    if (field.kind !== 'repeat') continue;
    const rows = rowsOf(out[field.name]);
    if (rows) out[field.name] = rows.filter((row) => !isBlankRow(row));
  }
  return out;
}

function pick<T extends object, K extends keyof T>(obj: T, keys: K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}
