import { formDataToObject, parseUrlEncoded } from './form-data.ts';

/** Plain form posts and JSON are small; multipart carries files, up to the platform's 6 MB request limit. */
export const TEXT_LIMIT = 64 * 1024;
export const MULTIPART_LIMIT = 6 * 1024 * 1024;

export type BodyKind = 'urlencoded' | 'multipart' | 'json';

export class BodyError extends Error {
  readonly status: 400 | 413 | 415;
  constructor(status: 400 | 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

export function bodyKind(contentType: string | null): BodyKind | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (type === 'multipart/form-data') return 'multipart';
  if (type === 'application/json') return 'json';
  return null;
}

/** Reads at most `limit` bytes of a body; more is refused before it is all read. */
async function readLimited(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      throw tooLarge(limit);
    }
    // Copied at once: some runtimes reuse a chunk's memory for the next one.
    chunks.push(value.slice());
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.byteLength;
  }
  return bytes;
}

function tooLarge(limit: number): BodyError {
  const mb = limit >= 1024 * 1024 ? `${limit / (1024 * 1024)} MB` : `${limit / 1024} KB`;
  return new BodyError(413, `The submission is larger than ${mb}. Attach smaller files, or send some courses in another request.`);
}

/** Parses a urlencoded, multipart or JSON body into a plain object. */
export async function parseBody(request: Request): Promise<{ kind: BodyKind; data: Record<string, unknown> }> {
  const kind = bodyKind(request.headers.get('content-type'));
  if (!kind) {
    throw new BodyError(415, 'Send the form as application/x-www-form-urlencoded, multipart/form-data or application/json.');
  }
  const bytes = await readLimited(request, kind === 'multipart' ? MULTIPART_LIMIT : TEXT_LIMIT);
  if (kind === 'multipart') {
    try {
      const form = await new Response(new Blob([bytes as Uint8Array<ArrayBuffer>]), {
        headers: { 'content-type': request.headers.get('content-type')! },
      }).formData();
      return { kind, data: await formDataToObject(form) };
    } catch {
      throw new BodyError(400, 'The form data could not be read. Please try again.');
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BodyError(400, 'The submission is not valid UTF-8 text.');
  }
  if (kind === 'urlencoded') return { kind, data: await parseUrlEncoded(text) };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BodyError(400, 'The submission is not valid JSON.');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new BodyError(400, 'The submission must be a JSON object of field names and values.');
  }
  if (depthOver(json, MAX_DEPTH)) throw new BodyError(400, 'The submission nests values too deeply: no form has more than a few levels.');
  return { kind, data: json as Record<string, unknown> };
}

/** No form nests deeper than rows of fields; deeper JSON is refused before anything walks it. */
const MAX_DEPTH = 8;

function depthOver(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth >= max) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/** A posted form's answers, or the reason they cannot be read (too large, not a form): for pages that answer it with a page. */
export async function readForm(request: Request): Promise<Record<string, unknown> | BodyError> {
  try {
    return (await parseBody(request)).data;
  } catch (error) {
    if (error instanceof BodyError) return error;
    throw error;
  }
}
