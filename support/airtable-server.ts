import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Airtable's REST API, written from its public documentation,
 * limits and errors included, so the real airtable.js client can be pointed at it
 * (AIRTABLE_ENDPOINT_URL / endpointUrl):
 * - GET /v0/{base}/{table}: pageSize at most 100 (422 above), `offset` to page on,
 *   `filterByFormula` in the part of the formula language written below (`compileFormula`),
 *   422 INVALID_FILTER_BY_FORMULA for anything else; each record's last change is kept
 *   for LAST_MODIFIED_TIME(), moved only when a write changes a value (`edit` is a
 *   person changing cells in Airtable itself);
 * - POST creates, PATCH updates or, with performUpsert.fieldsToMergeOn, upserts;
 *   at most 10 records a request (422 above); unknown field names 422
 *   {error:{type:'UNKNOWN_FIELD_NAME', message}};
 * - 401 for a wrong token, 404 for an unknown base or table;
 * - more than 5 requests in a second to a base: 429, and every request is then
 *   refused for the penalty period (30 s, shortened by `penaltyMs` in tests, or
 *   endless with `Infinity` until the test calls `endPenalty()`); a test may also
 *   start one itself (`startPenalty()`);
 * - POST /v0/{base}/{record}/{attachment field, by name or ID}/uploadAttachment, the
 *   upload endpoint (content.airtable.com in Airtable, the same server here): JSON
 *   {contentType, file (base64), filename}, all required (400 for a body that is no
 *   JSON; 422 without one of them, with a contentType that is no MIME type, or with a
 *   file that is no base64); files up to 5 MB (413 above); 404 for an unknown record, 422 for an unknown field or one that
 *   takes no attachments. It adds {id, url, filename, size, type} to the cell and
 *   answers the record, its fields keyed by field ID; the url serves the bytes, like
 *   Airtable's signed links, without a token. It counts against the same limit.
 *   A write to an attachment field takes an array of {id} (attachments already in
 *   the cell) or {url, filename}; anything else is 422 INVALID_VALUE_FOR_COLUMN. As
 *   Airtable does, it fetches a {url} soon after the write (unless `fetchAttachments`
 *   is off), keeps its own copy (size and type from the answer, served at its own
 *   url) and drops an attachment whose url does not answer 2xx;
 * - injectable server errors (a share of requests), latency, answers held until the
 *   test lets them go, and an outage of everything (now, or in a window of its clock)
 *   or of writes only.
 * A request counts against the limit when it arrives, before its latency: what the
 * limit bounds is how many requests start in any second, however slowly they are
 * answered. Its time is `now` (Date.now unless given): a test that passes the same
 * clock to the code under test moves both at once, without waiting.
 */
export interface AirtableServerOptions {
  token?: string;
  baseId?: string;
  /** Table name -> its field names. */
  tables: Record<string, string[]>;
  /** Table name -> field name -> Airtable's type, for fields of `tables` that are not text (multipleAttachments). */
  fieldTypes?: Record<string, Record<string, string>>;
  penaltyMs?: number;
  requestsPerSecond?: number;
  /** The server's clock, in milliseconds: for the rate limit, the penalty and the log. */
  now?: () => number;
  /** Milliseconds each answer takes after its request arrived (real time). */
  latencyMs?: number;
  /** Share of requests (0..1) answered 500/502/503 at random. */
  failureRate?: number;
  /** An outage of everything from `from` until `until` on the server's clock: every request 503. */
  outage?: { from: number; until: number };
}

/** An attachment as Airtable describes it in a cell. */
export interface Attachment {
  id: string;
  url: string;
  filename: string;
  /** Absent until Airtable has fetched a file added by its url. */
  size?: number;
  type?: string;
}

/** Airtable's upload endpoint takes files up to 5 MB. */
export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;
const MIME_TYPE = /^[\w!#$&^.+-]+\/[\w!#$&^.+-]+$/;
/** Base64 as Airtable reads it; tested without groups, so a 5 MB file does not exhaust the regex engine. */
const isBase64 = (text: string) => text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

export interface StoredRecord {
  id: string;
  createdTime: string;
  fields: Record<string, unknown>;
}

export class AirtableServer {
  readonly token: string;
  readonly baseId: string;
  readonly tables = new Map<string, StoredRecord[]>();
  /** Every request the server answered, with its status, when it arrived (`start`) and when it was answered (`at`). */
  readonly log: { method: string; path: string; status: number; start: number; at: number }[] = [];
  /** Share of requests (0..1) answered 500/502/503 at random. */
  failureRate = 0;
  /** Every Nth request that passes the rate limit is answered with a server error (deterministic). */
  failEvery = 0;
  private served = 0;
  /** Milliseconds to wait before answering. */
  latencyMs = 0;
  /** When true every request gets 503, as during an outage. */
  down = false;
  /** An outage window on the server's clock, as `down` while it lasts. */
  outage: { from: number; until: number } | null;
  /** When true only writes get 503 and reads still answer: a partial outage. */
  writesDown = false;
  /** When true only the upload endpoint gets 503 (Airtable serves it from a host of its own). */
  uploadsDown = false;
  /** When false, attachments given by url are kept as given and never fetched. */
  fetchAttachments = true;
  /** Every url this server fetched for an attachment, with the status it got (0: no answer). */
  readonly fetches: { url: string; status: number }[] = [];
  private readonly fetching = new Set<Promise<void>>();
  /** When true requests are taken in but not answered until `answerHeld()` (or stop()): a server that hangs. */
  holdAnswers = false;
  private held: (() => void)[] = [];
  private readonly fields: Map<string, Set<string>>;
  private readonly types = new Map<string, string>();
  /** A field's options as created (a number's precision, a select's choices), answered back as Airtable does. */
  private readonly fieldOptions = new Map<string, unknown>();
  /** Record id -> when a value in it last changed (absent: never since it was created). */
  private readonly modified = new Map<string, number>();
  /** Attachment id -> the bytes uploaded, served at its url. */
  private readonly uploaded = new Map<string, { bytes: Buffer; type: string }>();
  private readonly penaltyMs: number;
  private readonly perSecond: number;
  private readonly now: () => number;
  private recent: number[] = [];
  private penaltyUntil = 0;
  private server = createServer((req, res) => void this.handle(req, res));

  constructor(options: AirtableServerOptions) {
    this.token = options.token ?? `pat${randomBytes(8).toString('hex')}`;
    this.baseId = options.baseId ?? `app${randomBytes(7).toString('hex').slice(0, 14)}`;
    this.penaltyMs = options.penaltyMs ?? 30_000;
    this.perSecond = options.requestsPerSecond ?? 5;
    this.now = options.now ?? (() => Date.now());
    this.latencyMs = options.latencyMs ?? 0;
    this.failureRate = options.failureRate ?? 0;
    this.outage = options.outage ?? null;
    this.fields = new Map(Object.entries(options.tables).map(([name, fields]) => [name, new Set(fields)]));
    for (const name of this.fields.keys()) this.tables.set(name, []);
    for (const [table, types] of Object.entries(options.fieldTypes ?? {})) {
      for (const [field, type] of Object.entries(types)) this.types.set(`${table}\u0000${field}`, type);
    }
  }

  async start(): Promise<string> {
    await new Promise<void>((done) => this.server.listen(0, '127.0.0.1', done));
    return this.url;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.answerHeld();
    this.server.closeAllConnections();
    await new Promise<void>((done) => this.server.close(() => done()));
  }

  records(table: string): StoredRecord[] {
    return this.tables.get(table) ?? [];
  }

  /** A person changing cells in Airtable itself: no request, no rate limit, and LAST_MODIFIED_TIME() moves. */
  edit(table: string, id: string, fields: Record<string, unknown>): StoredRecord {
    const record = this.records(table).find((r) => r.id === id);
    if (!record) throw new Error(`no record ${id} in ${table}`);
    this.update(record, { ...record.fields, ...fields });
    return record;
  }

  /** A person deleting a row in Airtable itself. */
  remove(table: string, id: string): void {
    const records = this.records(table);
    const at = records.findIndex((r) => r.id === id);
    if (at < 0) throw new Error(`no record ${id} in ${table}`);
    records.splice(at, 1);
    this.modified.delete(id);
  }

  /** Requests taken in and not answered yet, while `holdAnswers` is set. */
  get heldCount(): number {
    return this.held.length;
  }

  /** Answers every request held so far. */
  answerHeld(): void {
    for (const answer of this.held.splice(0)) answer();
  }

  /** Starts a penalty now, as when someone else's requests went over the limit. */
  startPenalty(): void {
    this.penaltyUntil = this.now() + this.penaltyMs;
  }

  /** Ends a penalty (an endless one included) and forgets the requests that led to it. */
  endPenalty(): void {
    this.penaltyUntil = 0;
    this.recent = [];
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Arrived: counted from its first bytes, a large upload included.
    const start = this.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    if (method === 'GET' && url.pathname.startsWith('/attachments/')) return this.serveAttachment(url, res);
    // A fault of the stand-in itself is answered, so the test fails on it instead of waiting for its timeout.
    const fault = (error: unknown): [number, unknown] => [500, { error: { type: 'STAND_IN_FAULT', message: String(error) } }];
    let refusal: [number, unknown] | null;
    try {
      refusal = this.admit(method, url, req.headers.authorization ?? '', start);
    } catch (error) {
      refusal = fault(error);
    }
    if (this.latencyMs) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (this.holdAnswers) await new Promise<void>((r) => this.held.push(r));
    let status: number, body: unknown;
    try {
      [status, body] = refusal ?? this.answer(method, url, raw);
    } catch (error) {
      [status, body] = fault(error);
    }
    this.log.push({ method, path: url.pathname, status, start, at: this.now() });
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  /**
   * What a request meets as it arrives, before any work: an outage, a wrong token or
   * base, the rate limit (where it is counted), an injected server error; null when
   * it is taken in. The metadata API and the upload endpoint count against the same
   * limit as the records API.
   */
  private admit(method: string, url: URL, auth: string, now: number): [number, unknown] | null {
    const upload = url.pathname.endsWith('/uploadAttachment');
    const inOutage = this.outage !== null && now >= this.outage.from && now < this.outage.until;
    if (this.down || inOutage || (this.writesDown && method !== 'GET') || (this.uploadsDown && upload))
      return [503, { error: { type: 'SERVICE_UNAVAILABLE', message: 'Service unavailable' } }];
    if (auth !== `Bearer ${this.token}`) return [401, { error: { type: 'AUTHENTICATION_REQUIRED', message: 'Authentication required' } }];
    const [, version, base] = url.pathname.split('/').map(decodeURIComponent);
    if (!url.pathname.startsWith('/v0/meta/bases/') && (version !== 'v0' || base !== this.baseId))
      return [404, { error: { type: 'NOT_FOUND', message: 'Could not find what you are looking for' } }];

    if (now < this.penaltyUntil) return [429, { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] }];
    this.recent = this.recent.filter((t) => now - t < 1000);
    if (this.recent.length >= this.perSecond) {
      this.penaltyUntil = now + this.penaltyMs;
      return [429, { errors: [{ error: 'RATE_LIMIT_REACHED', message: 'Rate limit exceeded. Please try again later' }] }];
    }
    this.recent.push(now);
    this.served++;
    if ((this.failEvery && this.served % this.failEvery === 0) || (this.failureRate && Math.random() < this.failureRate)) {
      const status = [500, 502, 503][Math.floor(Math.random() * 3)]!;
      return [status, { error: { type: 'SERVER_ERROR', message: 'Server error' } }];
    }
    return null;
  }

  /** The answer to a request taken in. */
  private answer(method: string, url: URL, raw: string): [number, unknown] {
    const upload = url.pathname.endsWith('/uploadAttachment');
    const isMeta = url.pathname.startsWith('/v0/meta/bases/');
    const [, , , tableName, recordId] = url.pathname.split('/').map(decodeURIComponent);
    if (isMeta) return this.meta(method, url, raw);
    const [, , , recordRef, fieldRef, action] = url.pathname.split('/').map(decodeURIComponent);
    if (upload && method === 'POST' && action === 'uploadAttachment') return this.uploadAttachment(recordRef ?? '', fieldRef ?? '', raw);

    const table = tableName ? this.tables.get(tableName) : undefined;
    const known = tableName ? this.fields.get(tableName) : undefined;
    if (!table || !known) return [404, { error: { type: 'TABLE_NOT_FOUND', message: `Could not find table ${tableName} in application ${this.baseId}` } }];

    if (method === 'GET' && !recordId) return this.list(table, url, known);
    if (method === 'DELETE') {
      // Airtable deletes up to 10 records a request, named as records[]=id in the query.
      const ids = recordId ? [recordId] : url.searchParams.getAll('records[]');
      if (ids.length === 0 || ids.length > 10) return [422, { error: { type: 'INVALID_RECORDS', message: 'Delete between 1 and 10 records per request' } }];
      if (ids.some((id) => !table.some((r) => r.id === id))) return [404, { error: { type: 'NOT_FOUND', message: 'Could not find a record to delete' } }];
      for (const id of ids) this.remove(tableName!, id);
      return [200, { records: ids.map((id) => ({ id, deleted: true })) }];
    }
    let body: { records?: { id?: string; fields?: Record<string, unknown> }[]; performUpsert?: { fieldsToMergeOn?: string[] } };
    try {
      body = raw ? JSON.parse(raw) : {};
    } catch {
      return [422, { error: { type: 'INVALID_REQUEST_UNKNOWN', message: 'Invalid request: parameter validation failed. Check your request data.' } }];
    }
    const records = body.records;
    if (!Array.isArray(records) || records.length === 0) {
      return [422, { error: { type: 'INVALID_REQUEST_MISSING_FIELDS', message: 'Could not find field "records" in the request body' } }];
    }
    if (records.length > 10) {
      return [422, { error: { type: 'INVALID_RECORDS', message: 'You can create or update at most 10 records per request' } }];
    }
    for (const record of records) {
      for (const field of Object.keys(record.fields ?? {})) {
        if (!known.has(field)) return [422, { error: { type: 'UNKNOWN_FIELD_NAME', message: `Unknown field name: "${field}"` } }];
      }
      const refused = this.resolveAttachments(tableName!, record);
      if (refused) return [422, { error: { type: 'INVALID_VALUE_FOR_COLUMN', message: refused } }];
    }
    if (method === 'POST') {
      const created = records.map((r) => this.create(table, r.fields ?? {}));
      return [200, { records: created }];
    }
    if (method === 'PATCH' || method === 'PUT') {
      const mergeOn = body.performUpsert?.fieldsToMergeOn;
      if (mergeOn) return this.upsert(table, records, mergeOn, known);
      const updated: StoredRecord[] = [];
      for (const r of records) {
        const found = table.find((t) => t.id === r.id);
        if (!found) return [404, { error: { type: 'NOT_FOUND', message: `Record ${r.id} not found` } }];
        this.update(found, method === 'PUT' ? { ...(r.fields ?? {}) } : { ...found.fields, ...(r.fields ?? {}) });
        updated.push(found);
      }
      return [200, { records: updated }];
    }
    return [404, { error: { type: 'NOT_FOUND', message: 'Could not find what you are looking for' } }];
  }

  /** The metadata API: list tables with their fields, create a table, create a field. */
  private meta(method: string, url: URL, raw: string): [number, unknown] {
    const [, , , , base, what, tableRef, sub] = url.pathname.split('/').map(decodeURIComponent);
    if (base !== this.baseId || what !== 'tables') return [404, { error: { type: 'NOT_FOUND', message: 'Could not find what you are looking for' } }];
    const describe = (name: string) => ({
      id: `tbl${name}`,
      name,
      fields: [...(this.fields.get(name) ?? [])].map((f) => {
        const options = this.fieldOptions.get(`${name}\u0000${f}`);
        return { id: `fld${f}`, name: f, type: this.types.get(`${name}\u0000${f}`) ?? 'singleLineText', ...(options ? { options } : {}) };
      }),
    });
    if (method === 'GET' && !tableRef) return [200, { tables: [...this.fields.keys()].map(describe) }];
    let body: { name?: string; type?: string; options?: unknown; fields?: { name?: string; type?: string; options?: unknown }[] };
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      return [422, { error: { type: 'INVALID_REQUEST_UNKNOWN', message: 'Invalid request' } }];
    }
    if (method === 'POST' && !tableRef) {
      if (!body.name || !Array.isArray(body.fields) || body.fields.length === 0)
        return [422, { error: { type: 'INVALID_REQUEST_MISSING_FIELDS', message: 'A table needs a name and fields' } }];
      if (this.fields.has(body.name)) return [422, { error: { type: 'DUPLICATE_TABLE_NAME', message: `Table name "${body.name}" is already in use` } }];
      this.fields.set(body.name, new Set(body.fields.map((f) => f.name!)));
      for (const f of body.fields) {
        this.types.set(`${body.name}\u0000${f.name}`, f.type ?? 'singleLineText');
        if (f.options) this.fieldOptions.set(`${body.name}\u0000${f.name}`, f.options);
      }
      this.tables.set(body.name, []);
      return [200, describe(body.name)];
    }
    const table = tableRef?.replace(/^tbl/, '');
    if (method === 'POST' && table && sub === 'fields') {
      const fields = this.fields.get(table);
      if (!fields) return [404, { error: { type: 'TABLE_NOT_FOUND', message: `Could not find table ${table}` } }];
      if (!body.name) return [422, { error: { type: 'INVALID_REQUEST_MISSING_FIELDS', message: 'A field needs a name' } }];
      if (fields.has(body.name)) return [422, { error: { type: 'DUPLICATE_OR_EMPTY_FIELD_NAME', message: `Field "${body.name}" already exists` } }];
      fields.add(body.name);
      this.types.set(`${table}\u0000${body.name}`, body.type ?? 'singleLineText');
      if (body.options) this.fieldOptions.set(`${table}\u0000${body.name}`, body.options);
      return [200, { id: `fld${body.name}`, name: body.name, type: body.type }];
    }
    return [404, { error: { type: 'NOT_FOUND', message: 'Could not find what you are looking for' } }];
  }

  private typeOf(table: string, field: string): string {
    return this.types.get(`${table}\u0000${field}`) ?? 'singleLineText';
  }

  /** The table and record of a record ID: IDs are unique in a base. */
  private findRecord(id: string): { table: string; record: StoredRecord } | null {
    for (const [table, records] of this.tables) {
      const record = records.find((r) => r.id === id);
      if (record) return { table, record };
    }
    return null;
  }

  private uploadAttachment(recordId: string, fieldRef: string, raw: string): [number, unknown] {
    const found = this.findRecord(recordId);
    if (!found) return [404, { error: { type: 'NOT_FOUND', message: `Record ${recordId} not found` } }];
    const fields = this.fields.get(found.table)!;
    const field = fields.has(fieldRef) ? fieldRef : [...fields].find((f) => `fld${f}` === fieldRef);
    if (!field) return [422, { error: { type: 'UNKNOWN_FIELD_NAME', message: `Unknown field name: "${fieldRef}"` } }];
    if (this.typeOf(found.table, field) !== 'multipleAttachments') {
      return [422, { error: { type: 'INVALID_FIELD_TYPE', message: `Field "${field}" is not an attachment field` } }];
    }
    let body: { contentType?: unknown; file?: unknown; filename?: unknown };
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      return [400, { error: { type: 'INVALID_REQUEST_UNKNOWN', message: 'The request body is not valid JSON' } }];
    }
    for (const name of ['contentType', 'file', 'filename'] as const) {
      if (typeof body[name] !== 'string' || body[name] === '')
        return [422, { error: { type: 'INVALID_REQUEST_MISSING_FIELDS', message: `Could not find field "${name}" in the request body` } }];
    }
    const { contentType, file, filename } = body as { contentType: string; file: string; filename: string };
    if (!MIME_TYPE.test(contentType)) return [422, { error: { type: 'INVALID_REQUEST_UNKNOWN', message: `"${contentType}" is not a content type` } }];
    if (!isBase64(file)) return [422, { error: { type: 'INVALID_REQUEST_UNKNOWN', message: 'file must be base64 encoded' } }];
    const bytes = Buffer.from(file, 'base64');
    if (bytes.length > UPLOAD_LIMIT_BYTES) {
      return [413, { error: { type: 'REQUEST_TOO_LARGE', message: `The file is ${bytes.length} bytes; upload attachments of up to 5 MB` } }];
    }
    const id = `att${randomBytes(7).toString('hex').slice(0, 14)}`;
    const attachment: Attachment = {
      id,
      url: `${this.url}/attachments/${id}/${encodeURIComponent(filename)}`,
      filename,
      size: bytes.length,
      type: contentType,
    };
    this.uploaded.set(id, { bytes, type: contentType });
    const cell = (found.record.fields[field] as Attachment[] | undefined) ?? [];
    this.update(found.record, { ...found.record.fields, [field]: [...cell, attachment] });
    const byId = Object.fromEntries(Object.entries(found.record.fields).map(([name, value]) => [`fld${name}`, value]));
    return [200, { id: found.record.id, createdTime: found.record.createdTime, fields: byId }];
  }

  /**
   * A write's values for attachment fields as the cell keeps them: {id} is an
   * attachment already in the cell (kept, moved or, left out, removed), {url,
   * filename} a new one (Airtable fetches it later; this server does not, so it has
   * no size or type). Answers why a value cannot be taken, if one cannot.
   */
  private resolveAttachments(table: string, record: { id?: string; fields?: Record<string, unknown> }): string | null {
    for (const [field, value] of Object.entries(record.fields ?? {})) {
      if (this.typeOf(table, field) !== 'multipleAttachments' || value === null) continue;
      const cell = (this.records(table).find((r) => r.id === record.id)?.fields[field] as Attachment[] | undefined) ?? [];
      const resolved = Array.isArray(value)
        ? value.map((a: { id?: unknown; url?: unknown; filename?: unknown }) => {
            if (typeof a?.id === 'string') return cell.find((c) => c.id === a.id);
            if (typeof a?.url !== 'string' || !URL.canParse(a.url)) return undefined;
            const filename = typeof a.filename === 'string' ? a.filename : (new URL(a.url).pathname.split('/').at(-1) ?? '');
            const attachment: Attachment = { id: `att${randomBytes(7).toString('hex').slice(0, 14)}`, url: a.url, filename };
            // After the write: by then the record holds it (or the write was refused, and there is nothing to fill).
            if (this.fetchAttachments) setTimeout(() => this.fetchInto(table, attachment), 0);
            return attachment;
          })
        : [undefined];
      if (resolved.some((a) => a === undefined))
        return `Cannot parse value for field "${field}": give an array of attachments, each {id} of one in the cell or {url, filename}`;
      record.fields![field] = resolved;
    }
    return null;
  }

  /** Settles once every fetch of an attachment's url started so far has ended. */
  async attachmentsFetched(): Promise<void> {
    while (this.fetching.size) await Promise.all([...this.fetching]);
  }

  /** Fetches an attachment given by url into its cell: its bytes kept and served here, or the attachment dropped. */
  private fetchInto(table: string, attachment: Attachment): void {
    const work = (async () => {
      const source = attachment.url;
      let status = 0;
      let bytes: Buffer | null = null;
      let type = 'application/octet-stream';
      try {
        const answer = await fetch(source, { signal: AbortSignal.timeout(10_000) });
        status = answer.status;
        if (answer.ok) {
          bytes = Buffer.from(await answer.arrayBuffer());
          type = answer.headers.get('content-type')?.split(';')[0]?.trim() || type;
        }
      } catch {
        // No answer: dropped, as a url that answers an error.
      }
      this.fetches.push({ url: source, status });
      const holder = this.records(table).find((r) => Object.values(r.fields).some((v) => Array.isArray(v) && v.includes(attachment)));
      if (!holder) return;
      if (!bytes) {
        for (const [field, value] of Object.entries(holder.fields)) {
          if (Array.isArray(value) && value.includes(attachment)) holder.fields[field] = value.filter((a) => a !== attachment);
        }
        return;
      }
      this.uploaded.set(attachment.id, { bytes, type });
      Object.assign(attachment, { url: `${this.url}/attachments/${attachment.id}/${encodeURIComponent(attachment.filename)}`, size: bytes.length, type });
    })();
    this.fetching.add(work);
    void work.finally(() => this.fetching.delete(work));
  }

  /** An attachment's bytes at its url, as Airtable serves them: no token, the type it was uploaded with. */
  private serveAttachment(url: URL, res: ServerResponse): void {
    const file = this.uploaded.get(url.pathname.split('/')[2] ?? '');
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.bytes.length });
    res.end(file.bytes);
  }

  private list(all: StoredRecord[], url: URL, known: Set<string>): [number, unknown] {
    const formula = url.searchParams.get('filterByFormula');
    let table = all;
    if (formula) {
      let test: Formula;
      try {
        test = compileFormula(formula, known);
      } catch (error) {
        return [422, { error: { type: 'INVALID_FILTER_BY_FORMULA', message: `The formula for filtering records is invalid: ${(error as Error).message}` } }];
      }
      table = all.filter((r) => truthy(test(this.formulaRecord(r))));
    }
    const pageSize = Number(url.searchParams.get('pageSize') ?? '100');
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) {
      return [422, { error: { type: 'INVALID_PAGE_SIZE', message: 'pageSize must be an integer from 1 to 100' } }];
    }
    const start = Number(url.searchParams.get('offset') ?? '0');
    if (!Number.isInteger(start) || start < 0) return [422, { error: { type: 'LIST_RECORDS_ITERATOR_NOT_AVAILABLE', message: 'Invalid offset' } }];
    const page = table.slice(start, start + pageSize);
    const next = start + pageSize < table.length ? { offset: String(start + pageSize) } : {};
    return [200, { records: page, ...next }];
  }

  /** Writes a record's fields; its last change moves only when a value is different. */
  private update(record: StoredRecord, fields: Record<string, unknown>): void {
    const next = filled(fields);
    if (JSON.stringify(sorted(next)) !== JSON.stringify(sorted(record.fields))) this.modified.set(record.id, this.now());
    record.fields = next;
  }

  private formulaRecord(record: StoredRecord): FormulaRecord {
    const created = Date.parse(record.createdTime);
    return { id: record.id, fields: record.fields, createdTime: created, modifiedTime: this.modified.get(record.id) ?? created };
  }

  private create(table: StoredRecord[], fields: Record<string, unknown>): StoredRecord {
    const record = { id: `rec${randomBytes(7).toString('hex').slice(0, 14)}`, createdTime: new Date(this.now()).toISOString(), fields: filled(fields) };
    table.push(record);
    return record;
  }

  private upsert(table: StoredRecord[], records: { fields?: Record<string, unknown> }[], mergeOn: string[], known: Set<string>): [number, unknown] {
    if (mergeOn.length === 0 || mergeOn.length > 3 || mergeOn.some((f) => !known.has(f))) {
      return [422, { error: { type: 'INVALID_MERGE_FIELD', message: 'fieldsToMergeOn must name 1 to 3 fields of the table' } }];
    }
    const createdRecords: string[] = [];
    const updatedRecords: string[] = [];
    const out: StoredRecord[] = [];
    for (const r of records) {
      const fields = r.fields ?? {};
      const matches = table.filter((t) => mergeOn.every((f) => t.fields[f] === fields[f]));
      if (matches.length > 1) return [422, { error: { type: 'INVALID_VALUE_FOR_COLUMN', message: 'More than one record matches the merge fields' } }];
      if (matches[0]) {
        this.update(matches[0], { ...matches[0].fields, ...fields });
        updatedRecords.push(matches[0].id);
        out.push(matches[0]);
      } else {
        const created = this.create(table, fields);
        createdRecords.push(created.id);
        out.push(created);
      }
    }
    return [200, { records: out, createdRecords, updatedRecords }];
  }
}

/**
 * A base's tables as the stand-in takes them, from the site's own definition of
 * its columns (BASE_TABLES, columnsFor): the names, and the types that change what
 * a field takes (an attachment column takes uploads).
 */
export function standInTables(
  tables: readonly { name: string; fields: readonly { name: string; type: string }[] }[],
): Required<Pick<AirtableServerOptions, 'tables' | 'fieldTypes'>> {
  return {
    tables: Object.fromEntries(tables.map((t) => [t.name, t.fields.map((f) => f.name)])),
    fieldTypes: Object.fromEntries(tables.map((t) => [t.name, Object.fromEntries(t.fields.map((f) => [f.name, f.type]))])),
  };
}

/** Airtable keeps no empty cells: null (or an empty string) clears a field, and an empty field is left out of answers. */
function filled(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}

const sorted = (fields: Record<string, unknown>) => Object.fromEntries(Object.entries(fields).sort(([a], [b]) => a.localeCompare(b)));

// ---------------------------------------------------------------------------
// filterByFormula: the part of Airtable's formula language the site's code uses,
// evaluated as Airtable documents it (a record passes unless the result is 0, false,
// "", NaN, blank or an error). Field references {Name}, 'text' and "text", numbers,
// = != <> < > <= >=, &, parentheses, and the functions in FUNCTIONS; anything else
// is refused, as Airtable refuses a formula it cannot read.

type Value = string | number | boolean | Date | null;
interface FormulaRecord {
  id: string;
  fields: Record<string, unknown>;
  createdTime: number;
  modifiedTime: number;
}
type Formula = (record: FormulaRecord) => Value;

const time = (v: Value): number => (v instanceof Date ? v.getTime() : typeof v === 'string' ? Date.parse(v) : Number.NaN);

function truthy(v: Value): boolean {
  if (v instanceof Date) return !Number.isNaN(v.getTime());
  return v !== null && v !== false && v !== '' && v !== 0 && !Number.isNaN(v);
}

const FUNCTIONS: Record<string, { args: [number, number]; call: (args: Value[], record: FormulaRecord) => Value }> = {
  AND: { args: [1, Infinity], call: (a) => a.every(truthy) },
  OR: { args: [1, Infinity], call: (a) => a.some(truthy) },
  NOT: { args: [1, 1], call: (a) => !truthy(a[0]!) },
  IF: { args: [2, 3], call: (a) => (truthy(a[0]!) ? a[1]! : (a[2] ?? null)) },
  BLANK: { args: [0, 0], call: () => null },
  TRUE: { args: [0, 0], call: () => true },
  FALSE: { args: [0, 0], call: () => false },
  RECORD_ID: { args: [0, 0], call: (_, r) => r.id },
  CREATED_TIME: { args: [0, 0], call: (_, r) => new Date(r.createdTime) },
  // Without arguments: the last change to any field of the record (its creation, if none since).
  LAST_MODIFIED_TIME: { args: [0, 0], call: (_, r) => new Date(r.modifiedTime) },
  DATETIME_PARSE: { args: [1, 1], call: (a) => new Date(time(a[0]!)) },
  IS_AFTER: { args: [2, 2], call: (a) => time(a[0]!) > time(a[1]!) },
  IS_BEFORE: { args: [2, 2], call: (a) => time(a[0]!) < time(a[1]!) },
};

function fieldValue(v: unknown): Value {
  if (v === undefined || v === null || v === '') return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return Array.isArray(v) ? v.join(', ') : JSON.stringify(v);
}

/** Dates compare by time (a text beside a date is read as one), everything else as numbers. */
function ordered(a: Value, b: Value): [number, number] {
  const asNumber = (v: Value, other: Value) =>
    v instanceof Date ? v.getTime() : typeof v === 'string' && other instanceof Date ? Date.parse(v) : Number(v ?? 0);
  return [asNumber(a, b), asNumber(b, a)];
}

function compare(op: string, a: Value, b: Value): boolean {
  if (op === '=' || op === '!=' || op === '<>') {
    let same: boolean;
    if (a === null || b === null) same = (a ?? '') === (b ?? '');
    else if (a instanceof Date || b instanceof Date) same = ordered(a, b)[0] === ordered(a, b)[1];
    else if (typeof a === 'string' || typeof b === 'string') same = String(a) === String(b);
    else same = Number(a) === Number(b);
    return op === '=' ? same : !same;
  }
  const [x, y] = ordered(a, b);
  return op === '<' ? x < y : op === '>' ? x > y : op === '<=' ? x <= y : x >= y;
}

const TOKEN = /\s*(?:(\{[^}]*\})|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(!=|<>|<=|>=|[=<>&(),]))/y;

/** Compiles a formula once; it is then run on each record. Throws, naming what it cannot read. */
export function compileFormula(text: string, known: ReadonlySet<string>): Formula {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length && text.slice(TOKEN.lastIndex).trim()) {
    const at = TOKEN.lastIndex;
    const match = TOKEN.exec(text);
    if (!match) throw new Error(`cannot read "${text.slice(at, at + 20)}"`);
    tokens.push(match.slice(1).find((t) => t !== undefined)!);
  }
  let i = 0;
  const peek = () => tokens[i];
  const take = (want?: string) => {
    const t = tokens[i++];
    if (t === undefined || (want !== undefined && t !== want)) throw new Error(`expected ${want ?? 'more'} at "${t ?? 'the end'}"`);
    return t;
  };
  const primary = (): Formula => {
    const t = take();
    if (t === '(') {
      const inner = expression();
      take(')');
      return inner;
    }
    if (t.startsWith('{')) {
      const name = t.slice(1, -1);
      if (!known.has(name)) throw new Error(`unknown field name "${name}"`);
      return (r) => fieldValue(r.fields[name]);
    }
    if (t.startsWith("'") || t.startsWith('"')) {
      const value = t.slice(1, -1).replace(/\\(.)/g, '$1');
      return () => value;
    }
    if (/^\d/.test(t)) return () => Number(t);
    const fn = FUNCTIONS[t.toUpperCase()];
    if (!fn) throw new Error(`unknown function ${t}()`);
    take('(');
    const args: Formula[] = [];
    if (peek() !== ')') {
      args.push(expression());
      while (peek() === ',') {
        take(',');
        args.push(expression());
      }
    }
    take(')');
    if (args.length < fn.args[0] || args.length > fn.args[1])
      throw new Error(`${t}() takes ${fn.args[0] === fn.args[1] ? fn.args[0] : fn.args.join(' to ')} arguments, not ${args.length}`);
    return (r) =>
      fn.call(
        args.map((a) => a(r)),
        r,
      );
  };
  const concat = (): Formula => {
    let left = primary();
    while (peek() === '&') {
      take('&');
      const [l, right] = [left, primary()];
      left = (r) => `${l(r) ?? ''}${right(r) ?? ''}`;
    }
    return left;
  };
  const expression = (): Formula => {
    const left = concat();
    const op = peek();
    if (op === undefined || !['=', '!=', '<>', '<', '>', '<=', '>='].includes(op)) return left;
    take();
    const right = concat();
    return (r) => compare(op, left(r), right(r));
  };
  const formula = expression();
  if (i < tokens.length) throw new Error(`unexpected "${tokens[i]}"`);
  return formula;
}
