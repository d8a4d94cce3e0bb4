import { z } from 'zod';
import type { ParsedParts, Parts } from './form.ts';
import { metaOf } from './walk.ts';

/**
 * A form the schema refused, field by field, so that the rules can run on every
 * part that parsed and a person hears of every problem in one answer.
 */
export function parseParts<S extends z.ZodObject>(schema: S, data: Record<string, unknown>, error: z.ZodError): ParsedParts<z.infer<S>> {
  const failed = new Set(error.issues.map((issue) => issue.path.map(String).join('.')));
  const parts: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.shape)) {
    const meta = metaOf(field);
    if (meta?.kind === 'repeat') {
      const rows: unknown[] = Array.isArray(data[name]) ? data[name] : [];
      parts[name] = rows.map((row) => rowParts(meta.shape, row));
      continue;
    }
    const parsed = field.safeParse(data[name]);
    if (parsed.success) parts[name] = parsed.data;
  }
  return { parts: parts as Parts<z.infer<S>>, failed };
}

function rowParts(shape: z.ZodRawShape, row: unknown): Record<string, unknown> {
  const given = row && typeof row === 'object' ? (row as Record<string, unknown>) : {};
  const out: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(shape)) {
    const parsed = z.safeParse(schema, given[name]);
    if (parsed.success && parsed.data !== undefined) out[name] = parsed.data;
  }
  return out;
}
