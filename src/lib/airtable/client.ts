import { setTimeout as sleep } from 'node:timers/promises';
import type Airtable from 'airtable';
import { z } from 'zod';

/**
 * The one module that talks to Airtable, through airtable.js. Its own 429 retry
 * waits seconds to minutes, longer than a function may run, so it is turned off:
 * a refusal comes back at once and the queue decides when to try again.
 */
const MERGE_FIELD = 'Submission ID';
export const MAX_RECORDS_PER_REQUEST = 10;
/** How long Airtable refuses every request to a base after it answered a 429. */
export const PENALTY_MS = 30_000;
const PAGE_SIZE = 100;
/** Airtable's upload endpoint takes files up to 5 MB; the forms take none larger. */
export const UPLOAD_LIMIT_BYTES = 5 * 1024 * 1024;

const configSchema = z.object({
  AIRTABLE_API_KEY: z.string().trim().min(1, 'AIRTABLE_API_KEY is empty'),
  AIRTABLE_BASE_ID: z
    .string()
    .trim()
    .regex(/^app[A-Za-z0-9]{14}$/, 'AIRTABLE_BASE_ID must look like appXXXXXXXXXXXXXX (the part of the base URL that starts with "app")'),
  AIRTABLE_ENDPOINT_URL: z.url('AIRTABLE_ENDPOINT_URL must be a URL, like https://api.airtable.com').optional(),
});

export interface AirtableConfig {
  apiKey: string;
  baseId: string;
  endpointUrl?: string;
}

/**
 * Reads the configuration once: null when Airtable is not configured at all (the
 * embedded default), an error naming what is missing or wrong when it is half set.
 */
export function airtableConfig(env: Record<string, string | undefined> = process.env): AirtableConfig | null {
  const { AIRTABLE_API_KEY: key, AIRTABLE_BASE_ID: base } = env;
  if (!key && !base) return null;
  if (!key || !base) {
    const missing = key ? 'AIRTABLE_BASE_ID' : 'AIRTABLE_API_KEY';
    throw new Error(
      `Airtable is half configured: ${missing} is not set. Set both AIRTABLE_API_KEY and AIRTABLE_BASE_ID, or neither to keep submissions in the site's own store.`,
    );
  }
  const result = configSchema.safeParse({ ...env, AIRTABLE_ENDPOINT_URL: env['AIRTABLE_ENDPOINT_URL'] || undefined });
  if (!result.success) throw new Error(`Airtable configuration: ${result.error.issues.map((i) => i.message).join('; ')}`);
  const { AIRTABLE_API_KEY, AIRTABLE_BASE_ID, AIRTABLE_ENDPOINT_URL } = result.data;
  return { apiKey: AIRTABLE_API_KEY, baseId: AIRTABLE_BASE_ID, ...(AIRTABLE_ENDPOINT_URL ? { endpointUrl: AIRTABLE_ENDPOINT_URL } : {}) };
}

/** Reads one after another are spaced this far apart: under the base's 5 requests a second, with room for others. */
export const READ_SPACING_MS = 250;

/** A pace for a series of requests: each waits until `ms` after the one before. */
export function spaced(ms: number = READ_SPACING_MS): () => Promise<void> {
  let last = -Infinity;
  return async () => {
    const wait = last + ms - Date.now();
    if (wait > 0) await sleep(wait);
    last = Date.now();
  };
}

/** What a failed call means for whoever retries it. */
export type FailureKind = 'rate-limited' | 'unavailable' | 'rejected';

export class AirtableFailure extends Error {
  readonly kind: FailureKind;
  readonly status: number | null;
  constructor(kind: FailureKind, status: number | null, message: string) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

/** 429: wait out the penalty; 5xx, timeouts and lost connections: back off and retry; anything else: the request itself is wrong. */
function failure(error: unknown): AirtableFailure {
  const e = error as { statusCode?: number | null; error?: string; message?: string };
  const status = typeof e.statusCode === 'number' ? e.statusCode : null;
  const message = `${e.error ?? 'AIRTABLE_ERROR'}: ${e.message ?? String(error)}`;
  if (status === 429) return new AirtableFailure('rate-limited', status, message);
  if (status === null || status >= 500) return new AirtableFailure('unavailable', status, message);
  return new AirtableFailure('rejected', status, message);
}

export interface AirtableRecord {
  id: string;
  fields: Record<string, unknown>;
}

export interface UpsertResult {
  created: string[];
  updated: string[];
  /** The records as Airtable now holds them, in the order sent: their IDs, and what is already in their attachment columns. */
  records: AirtableRecord[];
}

/** A file for an attachment column, sent as its bytes. */
export interface Upload {
  filename: string;
  contentType: string;
  bytes: ArrayBuffer;
}

export interface TableSchema {
  name: string;
  /** A select field's choices, where Airtable says them. */
  fields: { name: string; type: string; choices?: string[] }[];
}

type Base = ReturnType<Airtable['base']>;

export class AirtableClient {
  /** airtable.js loads with the first call, not at import: a function that never reaches Airtable never pays for it. */
  private readonly base: () => Promise<Base>;
  private readonly config: AirtableConfig;
  readonly timeoutMs: number;
  /** How long this base refuses after a 429 (Airtable's 30 s; shorter for a stand-in). */
  readonly penaltyMs: number;

  constructor(config: AirtableConfig, options: { timeoutMs?: number; penaltyMs?: number } = {}) {
    this.config = config;
    this.timeoutMs = options.timeoutMs ?? 8_000;
    this.penaltyMs = options.penaltyMs ?? PENALTY_MS;
    let base: Promise<Base> | undefined;
    const connect = async () => {
      const { default: Airtable } = await import('airtable');
      const client = new Airtable({
        apiKey: config.apiKey,
        ...(config.endpointUrl ? { endpointUrl: config.endpointUrl } : {}),
        requestTimeout: options.timeoutMs ?? 8_000,
        noRetryIfRateLimited: true,
      });
      return client.base(config.baseId);
    };
    this.base = () => (base ??= connect());
  }

  /**
   * Creates or updates up to 10 records in one request, merging on the
   * "Submission ID" field, so sending the same submission again never makes a
   * second record.
   */
  async upsert(table: string, records: Record<string, unknown>[], mergeOn = MERGE_FIELD): Promise<UpsertResult> {
    if (records.length === 0) return { created: [], updated: [], records: [] };
    if (records.length > MAX_RECORDS_PER_REQUEST) throw new RangeError(`Airtable takes at most ${MAX_RECORDS_PER_REQUEST} records a request`);
    if (records.some((r) => typeof r[mergeOn] !== 'string' || r[mergeOn] === '')) {
      throw new RangeError(`every record needs its "${mergeOn}"`);
    }
    const base = await this.base();
    try {
      const response = await base.makeRequest({
        method: 'PATCH',
        path: `/${encodeURIComponent(table)}`,
        body: { performUpsert: { fieldsToMergeOn: [mergeOn] }, records: records.map((fields) => ({ fields })), typecast: true },
      });
      const body = response.body as { createdRecords?: string[]; updatedRecords?: string[]; records?: AirtableRecord[] };
      return {
        created: body.createdRecords ?? [],
        updated: body.updatedRecords ?? [],
        records: (body.records ?? []).map((r) => ({ id: r.id, fields: r.fields ?? {} })),
      };
    } catch (error) {
      throw failure(error);
    }
  }

  /** Deletes up to 10 records in one request: the IDs Airtable deleted (HR's yearly archive; the site never deletes otherwise). */
  async destroy(table: string, ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    if (ids.length > MAX_RECORDS_PER_REQUEST) throw new RangeError(`Airtable takes at most ${MAX_RECORDS_PER_REQUEST} records a request`);
    const base = await this.base();
    try {
      const response = await base.makeRequest({ method: 'DELETE', path: `/${encodeURIComponent(table)}`, qs: { records: [...ids] } });
      return ((response.body as { records?: { id: string; deleted?: boolean }[] }).records ?? []).filter((r) => r.deleted).map((r) => r.id);
    } catch (error) {
      throw failure(error);
    }
  }

  /** Every record of a table, page by page (Airtable sends at most 100 at a time). */
  async listAll(table: string, options: { filterByFormula?: string; beforeRequest?: () => Promise<void> } = {}): Promise<AirtableRecord[]> {
    const out: AirtableRecord[] = [];
    let offset: string | undefined;
    const base = await this.base();
    do {
      // The caller's pacing: a long table is many requests, all under the base's limit.
      await options.beforeRequest?.();
      try {
        const response = await base.makeRequest({
          method: 'GET',
          path: `/${encodeURIComponent(table)}`,
          qs: { pageSize: PAGE_SIZE, ...(offset ? { offset } : {}), ...(options.filterByFormula ? { filterByFormula: options.filterByFormula } : {}) },
        });
        const body = response.body as { records: AirtableRecord[]; offset?: string };
        out.push(...body.records.map((r) => ({ id: r.id, fields: r.fields })));
        offset = body.offset;
      } catch (error) {
        throw failure(error);
      }
    } while (offset);
    return out;
  }

  /** The base's tables and their fields (Airtable's metadata API, which airtable.js does not cover). */
  async tables(): Promise<TableSchema[]> {
    type Described = { name: string; type: string; options?: { choices?: { name: string }[] } };
    const body = (await this.meta('GET', '/tables')) as { tables: { name: string; fields: Described[] }[] };
    return body.tables.map((t) => ({
      name: t.name,
      fields: t.fields.map((f) => ({ name: f.name, type: f.type, ...(f.options?.choices ? { choices: f.options.choices.map((c) => c.name) } : {}) })),
    }));
  }

  async createTable(name: string, fields: { name: string; type: string; options?: unknown }[]): Promise<void> {
    await this.meta('POST', '/tables', { name, fields });
  }

  async createField(table: string, field: { name: string; type: string; options?: unknown }): Promise<void> {
    const tables = (await this.meta('GET', '/tables')) as { tables: { id: string; name: string }[] };
    const id = tables.tables.find((t) => t.name === table)?.id;
    if (!id) throw new AirtableFailure('rejected', 404, `TABLE_NOT_FOUND: no table named "${table}"`);
    await this.meta('POST', `/tables/${encodeURIComponent(id)}/fields`, field);
  }

  /**
   * Adds a file to a record's attachment column through Airtable's upload endpoint
   * (on its own host, which airtable.js does not know). One request, counted
   * against the base's 5 a second like any other; its failures are the same kinds.
   */
  async uploadAttachment(recordId: string, field: string, upload: Upload): Promise<void> {
    if (upload.bytes.byteLength > UPLOAD_LIMIT_BYTES) {
      throw new AirtableFailure('rejected', 413, `FILE_TOO_LARGE: ${upload.filename} is ${upload.bytes.byteLength} bytes; Airtable takes files up to 5 MB`);
    }
    const base = this.config.endpointUrl ?? process.env['AIRTABLE_ENDPOINT_URL'] ?? 'https://content.airtable.com';
    const path = [this.config.baseId, recordId, field].map(encodeURIComponent).join('/');
    await this.send('POST', `${base}/v0/${path}/uploadAttachment`, {
      contentType: upload.contentType,
      file: Buffer.from(upload.bytes).toString('base64'),
      filename: upload.filename,
    });
  }

  private async meta(method: string, path: string, body?: unknown): Promise<unknown> {
    const base = this.config.endpointUrl ?? process.env['AIRTABLE_ENDPOINT_URL'] ?? 'https://api.airtable.com';
    return this.send(method, `${base}/v0/meta/bases/${this.config.baseId}${path}`, body);
  }

  /** A request airtable.js does not make, with the same key, timeout and failure kinds. */
  private async send(method: string, url: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { authorization: `Bearer ${this.config.apiKey}`, 'content-type': 'application/json' },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new AirtableFailure('unavailable', null, `CONNECTION_ERROR: ${(error as Error).message}`);
    }
    const json = (await response.json().catch(() => ({}))) as {
      error?: { type?: string; message?: string } | string;
      errors?: { error?: string; message?: string }[];
    };
    if (response.ok) return json;
    // Airtable answers {error:{type,message}} mostly, and {errors:[{error,message}]} for a 429.
    const detail =
      typeof json.error === 'object'
        ? `${json.error.type ?? 'ERROR'}: ${json.error.message ?? ''}`
        : json.errors?.[0]
          ? `${json.errors[0].error ?? 'ERROR'}: ${json.errors[0].message ?? ''}`
          : `${json.error ?? `HTTP ${response.status}`}`;
    const kind: FailureKind = response.status === 429 ? 'rate-limited' : response.status >= 500 ? 'unavailable' : 'rejected';
    throw new AirtableFailure(kind, response.status, detail);
  }
}
