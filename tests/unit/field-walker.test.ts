import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { compensation, compensationSchema } from '../../src/lib/forms/compensation.ts';
import { compactRepeats, confirm, number, optional, repeat, text } from '../../src/lib/forms/fields.ts';
import { FORMS } from '../../src/lib/forms/registry.ts';
import { fieldRegistry, fieldsOf, formFields, labelOf, metaOf, withoutDeclarations } from '../../src/lib/forms/walk.ts';

describe('the field walker', () => {
  it('the field builders record their metadata in a zod registry', () => {
    const name = text('Your name');
    expect(fieldRegistry).toBeInstanceOf(z.core.$ZodRegistry);
    expect(fieldRegistry.has(name)).toBe(true);
    expect(metaOf(name)).toEqual({ label: 'Your name', kind: 'text' });
    expect(fieldRegistry.has(z.string())).toBe(false);
  });

  it('walks a form’s fields in order, with each kind, and a repeat’s row fields', () => {
    const fields = formFields(compensation);
    expect(fields.map((f) => f.name)).toEqual(Object.keys(compensationSchema.shape));
    const lines = fields.find((f) => f.name === 'lines');
    expect(lines?.kind).toBe('repeat');
    if (lines?.kind !== 'repeat') throw new Error('lines is a repeat');
    expect(lines.meta).toMatchObject({ label: 'Courses', itemLabel: 'Course', slots: 1, max: 10 });
    expect(lines.fields.map((f) => [f.name, f.kind])).toEqual([
      ['source', 'radios'],
      ['courseId', 'select'],
      ['preApprovalReceipt', 'text'],
      ['preApprovalCourse', 'number'],
      ['evidence', 'file'],
      ['startDate', 'date'],
      ['completionDate', 'date'],
      ['hours', 'number'],
    ]);
    expect(lines.fields.find((f) => f.name === 'evidence')?.meta.when).toEqual({ field: 'source', value: 'receipt' });
    expect(fields.find((f) => f.name === 'growthPlan')).toMatchObject({ kind: 'file', meta: { optional: true } });
  });

  it('every field of every form has a label', () => {
    for (const form of FORMS) {
      const fields = formFields(form);
      expect(
        fields.map((f) => f.name),
        form.id,
      ).toEqual(Object.keys(form.schema.shape));
      for (const f of fields) expect(f.meta.label, `${form.id}.${f.name}`).toMatch(/\S/);
    }
  });

  it('leaves out a schema the builders did not make, and refuses a repeat inside a repeat', () => {
    expect(fieldsOf({ plain: z.string(), hours: number('Hours', { max: 6 }) }).map((f) => f.name)).toEqual(['hours']);
    const nested = repeat(
      'Outer',
      { inner: repeat('Inner', { a: text('A') }, { min: 0, max: 2, slots: 1, itemLabel: 'Row' }) },
      { min: 0, max: 2, slots: 1, itemLabel: 'Row' },
    );
    expect(() => fieldsOf({ nested })).toThrow('nested.inner: a repeat inside a repeat is not supported');
  });

  it('labels a path as a person sees it, a course row’s field with its row', () => {
    expect(labelOf(compensation, 'lines.1.evidence')).toBe('Evidence of completion, course 2');
    expect(labelOf(compensation, 'employeeType')).toBe('Employee group');
    expect(labelOf(compensation, 'lines')).toBe('Courses');
    expect(labelOf(compensation, 'constructor')).toBe('constructor');
    expect(labelOf(compensation, 'nope.0.x')).toBe('nope.0.x');
  });

  it('drops only required ticks (declarations) from answers copied to a new request', () => {
    const form = { ...compensation, schema: z.object({ a: text('A'), agree: confirm('I agree', 'Agree'), maybe: optional(text('M')) }) };
    expect(withoutDeclarations(form, { a: '1', agree: true, maybe: 'x', other: 2 })).toEqual({ a: '1', maybe: 'x', other: 2 });
    expect(Object.keys(withoutDeclarations(compensation, { outsideWorkday: true, permitHolder: true, fullName: 'A' }))).toEqual(['permitHolder', 'fullName']);
  });

  it('compacts the rows of every repeat and nothing else', () => {
    const data = { lines: { 0: { hours: '' }, 2: { hours: '6' } }, fullName: ' ' };
    expect(compactRepeats(compensationSchema.shape, data)).toEqual({ lines: [{ hours: '6' }], fullName: ' ' });
  });
});
