import { z } from 'zod';
import type { AnyForm } from './form.ts';

/**
 * What the field builders (fields.ts) record of each field, in zod's own
 * registry, and the one walk over a form's fields that reads it back: the page,
 * the error messages, Airtable's columns and the decision page all go through
 * `formFields`, so a new kind of field is taught in one place.
 */
export type FieldKind = 'text' | 'email' | 'textarea' | 'date' | 'number' | 'select' | 'radios' | 'checkbox' | 'file';

export interface FieldMeta {
  label: string;
  kind: FieldKind;
  hint?: string;
  optional?: boolean;
  options?: readonly { value: string; label: string }[];
  /** Options that come from data at render time rather than from the schema. */
  optionsFrom?: 'catalog';
  /** Which catalog courses a course list offers: every listed course, or those the classified incentive pays for (catalog/claimable.ts). */
  catalogOffers?: 'listed' | 'incentive';
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'email' | 'text';
  /** For file inputs: what the picker offers (the server checks the content, not the name). */
  accept?: string;
  rows?: number;
  width?: 'short' | 'medium';
  /** Taken from HR's staff roster for the signed-in person: shown, never typed, and whatever is posted is replaced. */
  fromRoster?: true;
  /**
   * Asked only for one answer of another field of the same row (a branch of a choice): the page
   * shows it under that answer's heading, the script hides it for the other answers, the rules read it only then.
   */
  when?: { field: string; value: string };
}

export interface RepeatMeta {
  label: string;
  kind: 'repeat';
  hint?: string;
  /** How many empty rows a page without JavaScript offers. */
  slots: number;
  max: number;
  itemLabel: string;
  /** The fields of one row. */
  shape: z.ZodRawShape;
}

export const fieldRegistry = z.registry<FieldMeta | RepeatMeta>();

/** A field's label, hint and kind; undefined for a schema the field builders did not make. */
export function metaOf(schema: z.core.$ZodType): FieldMeta | RepeatMeta | undefined {
  return fieldRegistry.get(schema) as FieldMeta | RepeatMeta | undefined;
}

export interface SingleField {
  name: string;
  kind: FieldKind;
  meta: FieldMeta;
}

export interface RepeatField {
  name: string;
  kind: 'repeat';
  meta: RepeatMeta;
  /** The fields of one row. */
  fields: SingleField[];
}

export type FormField = SingleField | RepeatField;

/** The fields of a shape in their order; a schema without metadata is not a field and is left out. */
export function fieldsOf(shape: z.ZodRawShape): FormField[] {
  return Object.entries(shape).flatMap(([name, schema]): FormField[] => {
    const meta = metaOf(schema);
    if (!meta) return [];
    if (meta.kind !== 'repeat') return [{ name, kind: meta.kind, meta }];
    const fields = fieldsOf(meta.shape).map((inner) => {
      if (inner.kind === 'repeat') throw new Error(`${name}.${inner.name}: a repeat inside a repeat is not supported`);
      return inner;
    });
    return [{ name, kind: 'repeat', meta, fields }];
  });
}

/** The fields of a form (or of a small form: a decision, a withdrawal). */
export function formFields(form: { schema: z.ZodObject }): FormField[] {
  return fieldsOf(form.schema.shape);
}

/** The label a person sees for a field path such as lines.1.evidence ("Evidence of completion, course 2"). */
export function labelOf(form: AnyForm, field: string): string {
  const [top, index, inner] = field.split('.');
  const outer = formFields(form).find((f) => f.name === top);
  if (outer?.kind === 'repeat' && inner) {
    const innerLabel = outer.fields.find((f) => f.name === inner)?.meta.label ?? inner;
    return `${innerLabel}, ${outer.meta.itemLabel.toLowerCase()} ${Number(index) + 1}`;
  }
  return outer?.meta.label ?? field;
}

/** Fields a person must tick again on a new request: declarations are made afresh, never copied. */
export function withoutDeclarations(form: AnyForm, data: Record<string, unknown>): Record<string, unknown> {
  const declarations = new Set(formFields(form).flatMap((f) => (f.kind === 'checkbox' && !f.meta.optional ? [f.name] : [])));
  return Object.fromEntries(Object.entries(data).filter(([name]) => !declarations.has(name)));
}

/** The fields a form takes from HR's roster (fullName, employeeId, supervisorEmail...). */
export function rosterFieldNames(form: { schema: z.ZodObject }): Set<string> {
  return new Set(formFields(form).flatMap((f) => (f.kind !== 'repeat' && f.meta.fromRoster ? [f.name] : [])));
}
