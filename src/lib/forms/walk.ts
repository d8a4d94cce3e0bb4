import type { z } from 'zod';
import { metaOf } from './fields.ts';
import type { AnyForm } from './form.ts';

/** The label a person sees for a field path such as lines.1.evidence ("Evidence of completion, course 2"). */
export function labelOf(form: AnyForm, field: string): string {
  const [top, index, inner] = field.split('.');
  const schema = (form.schema.shape as Record<string, z.ZodType | undefined>)[top!];
  const outer = schema && metaOf(schema);
  if (outer?.kind === 'repeat' && inner) {
    const innerSchema = outer.shape[inner] as z.ZodType | undefined;
    const innerMeta = innerSchema && metaOf(innerSchema);
    return `${innerMeta?.label ?? inner}, ${outer.itemLabel.toLowerCase()} ${Number(index) + 1}`;
  }
  return outer?.label ?? field;
}

/** Fields a person must tick again on a new request: declarations are made afresh, never copied. */
export function withoutDeclarations(form: AnyForm, data: Record<string, unknown>): Record<string, unknown> {
  const shape = form.schema.shape as Record<string, Parameters<typeof metaOf>[0]>;
  const declaration = (name: string) => {
    const meta = shape[name] && metaOf(shape[name]);
    return meta?.kind === 'checkbox' && !meta.optional;
  };
  return Object.fromEntries(Object.entries(data).filter(([name]) => !declaration(name)));
}
