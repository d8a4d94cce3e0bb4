/** Limits for parsing nested field names like lines[2][hours]; beyond them the schema refuses the shape. */
const QS = { depth: 3, arrayLimit: 20, parameterLimit: 400, allowPrototypes: false, allowDots: false } as const;
const UNSAFE = new Set(['__proto__', 'prototype', 'constructor']);

/** "lines[0][evidence]" -> ["lines", "0", "evidence"] */
export function fieldPath(name: string): string[] {
  return name.split(/\]\[|\[|\]/).filter((part) => part !== '');
}

/**
 * Turns urlencoded text into the nested object a form's schema reads. qs loads with the first
 * post: Netlify's bundle imports a package imported at any module's top with the function itself.
 */
export async function parseUrlEncoded(body: string): Promise<Record<string, unknown>> {
  const { default: qs } = await import('qs');
  return qs.parse(body, QS) as Record<string, unknown>;
}

/** Turns a multipart form (text fields and files) into the same nested object, files where their names put them. */
export async function formDataToObject(form: FormData): Promise<Record<string, unknown>> {
  const text = new URLSearchParams();
  const files: [string, File][] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') text.append(name, value);
    else files.push([name, value]);
  }
  const out = await parseUrlEncoded(text.toString());
  for (const [name, file] of files) setPath(out, fieldPath(name), file);
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  if (path.length === 0 || path.length > QS.depth + 1 || path.some((p) => UNSAFE.has(p))) return;
  let node: Record<string, unknown> = target;
  for (const part of path.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object') node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[path.at(-1)!] = value;
}

/** Reads a value at a dotted path ("lines.0.hours") of a parsed form. */
export function valueAt(data: unknown, path: string): unknown {
  let node: unknown = data;
  for (const part of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
