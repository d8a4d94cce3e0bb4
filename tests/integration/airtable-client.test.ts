import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AirtableClient, airtableConfig, UPLOAD_LIMIT_BYTES, type AirtableFailure, type Upload } from '../../src/lib/airtable/client.ts';
import { AirtableServer, type Attachment } from '../../support/airtable-server.ts';
import { TestClock } from '../support/clock.ts';

let server: AirtableServer;
let client: AirtableClient;
let clock: TestClock;

beforeEach(async () => {
  clock = new TestClock();
  server = new AirtableServer({
    tables: { [TABLE]: ['Submission ID', 'Receipt', 'Name', 'Hours', 'Evidence'] },
    fieldTypes: { [TABLE]: { Evidence: 'multipleAttachments' } },
    penaltyMs: 2_000,
    now: clock.now,
  });
  await server.start();
  client = new AirtableClient({ apiKey: server.token, baseId: server.baseId, endpointUrl: server.url }, { timeoutMs: 1_000 });
});
afterEach(async () => server.stop());

const TABLE = 'Pre-approval requests';
const record = (n: number) => ({ 'Submission ID': `sub-${n}`, Receipt: `PA-${n}`, Name: `Person ${n}`, Hours: 6 });
const failureOf = async (work: Promise<unknown>) => {
  try {
    await work;
  } catch (error) {
    return error as AirtableFailure;
  }
  throw new Error('expected a failure');
};

describe('the Airtable client, through airtable.js against a server that keeps Airtable’s rules', () => {
  it('creates records, and sending them again updates them instead of adding more', async () => {
    const first = await client.upsert(TABLE, [record(1), record(2)]);
    expect(first.created).toHaveLength(2);
    const again = await client.upsert(TABLE, [{ ...record(1), Hours: 12 }, record(2)]);
    expect(again).toMatchObject({ created: [], updated: first.created });
    expect(again.records.map((r) => r.id)).toEqual(first.created);
    expect(server.records(TABLE)).toHaveLength(2);
    expect(server.records(TABLE)[0]!.fields['Hours']).toBe(12);
  });

  it('refuses more than 10 records or a record without its submission ID before sending anything', async () => {
    await expect(
      client.upsert(
        TABLE,
        Array.from({ length: 11 }, (_, i) => record(i)),
      ),
    ).rejects.toThrow(/at most 10 records/);
    await expect(client.upsert(TABLE, [{ Name: 'x' }])).rejects.toThrow(/Submission ID/);
    expect(server.log).toHaveLength(0);
  });

  it('reports an unknown field as a rejection that names it', async () => {
    const error = await failureOf(client.upsert(TABLE, [{ ...record(1), Colour: 'blue' }]));
    expect(error).toMatchObject({ kind: 'rejected', status: 422 });
    expect(error.message).toMatch(/UNKNOWN_FIELD_NAME: Unknown field name: "Colour"/);
  });

  it('gets a 429 at once, without the client’s own long retry, after 5 requests in a second, and again until the penalty ends', async () => {
    for (let i = 0; i < 5; i++) await client.upsert(TABLE, [record(i)]);
    const error = await failureOf(client.upsert(TABLE, [record(9)]));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429 });
    // One request, answered 429, and no second try from the client.
    expect(server.log.map((l) => l.status)).toEqual([200, 200, 200, 200, 200, 429]);
    clock.advance(1_050);
    expect((await failureOf(client.upsert(TABLE, [record(9)]))).kind).toBe('rate-limited');
    clock.advance(1_000);
    expect((await client.upsert(TABLE, [record(9)])).created).toHaveLength(1);
    expect(server.log).toHaveLength(8);
  });

  it('reports server errors, an outage and a slow answer as unavailable, within its timeout', async () => {
    server.failureRate = 1;
    expect((await failureOf(client.upsert(TABLE, [record(1)]))).kind).toBe('unavailable');
    server.failureRate = 0;
    server.down = true;
    expect(await failureOf(client.upsert(TABLE, [record(1)]))).toMatchObject({ kind: 'unavailable', status: 503 });
    server.down = false;
    // A server that takes the request and never answers: only the client's own timeout can end the wait.
    server.holdAnswers = true;
    const impatient = new AirtableClient({ apiKey: server.token, baseId: server.baseId, endpointUrl: server.url }, { timeoutMs: 100 });
    expect(await failureOf(impatient.upsert(TABLE, [record(1)]))).toMatchObject({ kind: 'unavailable', status: null });
    expect(server.heldCount).toBe(1);
  });

  it('counts a request against the limit when it arrives, not when it is answered', async () => {
    server.holdAnswers = true;
    const five = Array.from({ length: 5 }, (_, i) => client.upsert(TABLE, [record(i)]));
    await vi.waitUntil(() => server.heldCount === 5);
    // Their answers take a second: by then the five have left the window they arrived in.
    clock.advance(1_000);
    server.holdAnswers = false;
    server.answerHeld();
    await Promise.all(five);
    expect((await client.upsert(TABLE, [record(9)])).created).toHaveLength(1);
    expect(server.log.map((l) => l.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(server.log.slice(0, 5).map((l) => l.at - l.start)).toEqual([1_000, 1_000, 1_000, 1_000, 1_000]);
  });

  it('answers 503 to everything during an outage window on its clock, and serves again after it', async () => {
    server.outage = { from: clock.now() + 1_000, until: clock.now() + 3_000 };
    expect((await client.upsert(TABLE, [record(1)])).created).toHaveLength(1);
    clock.advance(1_000);
    expect(await failureOf(client.upsert(TABLE, [record(2)]))).toMatchObject({ kind: 'unavailable', status: 503 });
    expect(await failureOf(client.listAll(TABLE))).toMatchObject({ kind: 'unavailable', status: 503 });
    clock.advance(2_000);
    expect((await client.upsert(TABLE, [record(2)])).created).toHaveLength(1);
  });

  it('lists every record of a table across pages of 100', async () => {
    for (let batch = 0; batch < 25; batch++) {
      server.tables.get(TABLE)!.push(...Array.from({ length: 10 }, (_, i) => ({ id: `rec${batch}-${i}`, createdTime: '', fields: record(batch * 10 + i) })));
    }
    const all = await client.listAll(TABLE);
    expect(all).toHaveLength(250);
    expect(new Set(all.map((r) => r.fields['Submission ID'])).size).toBe(250);
    expect(server.log.filter((l) => l.method === 'GET')).toHaveLength(3);
  });

  it('reports a wrong token and an unknown table as rejections', async () => {
    const wrong = new AirtableClient({ apiKey: 'patWRONG', baseId: server.baseId, endpointUrl: server.url });
    expect(await failureOf(wrong.upsert(TABLE, [record(1)]))).toMatchObject({ kind: 'rejected', status: 401 });
    expect(await failureOf(client.upsert('Nope', [record(1)]))).toMatchObject({ kind: 'rejected', status: 404 });
  });
});

describe('uploading evidence to an attachment column, as Airtable’s upload endpoint documents it', () => {
  const PDF = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
  const upload = (overrides: Partial<Upload> = {}): Upload => ({
    filename: 'certificate.pdf',
    contentType: 'application/pdf',
    bytes: PDF.slice().buffer,
    ...overrides,
  });
  /** Under the base's 5 requests a second on the stand-in's clock. */
  const nextTurn = () => clock.advance(250);
  const created = async () => {
    nextTurn();
    return (await client.upsert(TABLE, [record(1)])).records[0]!;
  };
  /** The endpoint as a script would call it, for what the client itself never sends. */
  const post = (recordId: string, body: unknown) => {
    nextTurn();
    return fetch(`${server.url}/v0/${server.baseId}/${recordId}/Evidence/uploadAttachment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  };

  it('adds the file to the record’s cell with its name, size and type, and its url serves the same bytes', async () => {
    const { id } = await created();
    nextTurn();
    await client.uploadAttachment(id, 'Evidence', upload());
    const cell = server.records(TABLE)[0]!.fields['Evidence'] as Attachment[];
    expect(cell).toEqual([
      { id: expect.stringMatching(/^att/), url: expect.any(String), filename: 'certificate.pdf', size: PDF.length, type: 'application/pdf' },
    ]);
    expect(new Uint8Array(await (await fetch(cell[0]!.url)).arrayBuffer())).toEqual(PDF);
    expect(server.log.at(-1)).toMatchObject({ method: 'POST', path: `/v0/${server.baseId}/${id}/Evidence/uploadAttachment`, status: 200 });
    // Sending the record again keeps the file, and says so: a replay can see what is already there.
    const again = await created();
    expect(again.fields['Evidence']).toEqual(cell);
  });

  it('answers the record with its cells keyed by field ID', async () => {
    const { id } = await created();
    const answer = (await (await post(id, { contentType: 'text/plain', file: 'SGVsbG8gd29ybGQ=', filename: 'sample.txt' })).json()) as {
      id: string;
      fields: Record<string, Attachment[]>;
    };
    expect(answer.id).toBe(id);
    expect(answer.fields['fldEvidence']).toEqual([expect.objectContaining({ filename: 'sample.txt', size: 11, type: 'text/plain' })]);
  });

  it('refuses a text column, an unknown record or column, a missing part, a made-up type, text that is no base64, and more than 5 MB', async () => {
    const { id } = await created();
    const refusal = async (work: Promise<unknown>) => {
      nextTurn();
      return failureOf(work);
    };
    expect(await refusal(client.uploadAttachment(id, 'Name', upload()))).toMatchObject({
      kind: 'rejected',
      status: 422,
      message: expect.stringMatching(/INVALID_FIELD_TYPE/),
    });
    expect(await refusal(client.uploadAttachment(id, 'Colour', upload()))).toMatchObject({ status: 422, message: expect.stringMatching(/UNKNOWN_FIELD_NAME/) });
    expect(await refusal(client.uploadAttachment('recNOTHEREATALL00', 'Evidence', upload()))).toMatchObject({ kind: 'rejected', status: 404 });
    expect(await refusal(client.uploadAttachment(id, 'Evidence', upload({ contentType: 'pdf' })))).toMatchObject({ status: 422 });
    expect((await post(id, { contentType: 'application/pdf', file: 'JVBERi0=' })).status).toBe(422);
    expect((await post(id, { contentType: 'application/pdf', file: 'not base64!', filename: 'a.pdf' })).status).toBe(422);
    const tooLarge = Buffer.alloc(UPLOAD_LIMIT_BYTES + 1).toString('base64');
    const large = await post(id, { contentType: 'application/pdf', file: tooLarge, filename: 'big.pdf' });
    expect(large.status).toBe(413);
    // The client knows the limit too, and sends nothing it would refuse.
    const sent = server.log.length;
    expect(await failureOf(client.uploadAttachment(id, 'Evidence', upload({ bytes: new ArrayBuffer(UPLOAD_LIMIT_BYTES + 1) })))).toMatchObject({
      kind: 'rejected',
      status: 413,
    });
    expect(server.log).toHaveLength(sent);
    expect(server.records(TABLE)[0]!.fields['Evidence']).toBeUndefined();
  });

  it('takes only attachments in an attachment column when a record is written', async () => {
    nextTurn();
    const error = await failureOf(client.upsert(TABLE, [{ ...record(1), Evidence: 'certificate.pdf' }]));
    expect(error).toMatchObject({ kind: 'rejected', status: 422, message: expect.stringMatching(/INVALID_VALUE_FOR_COLUMN/) });
  });

  it('counts an upload against the base’s 5 requests a second, with the same 429 and penalty', async () => {
    const { id } = await created();
    for (let i = 0; i < 4; i++) await client.uploadAttachment(id, 'Evidence', upload({ filename: `${i}.pdf` }));
    expect(await failureOf(client.uploadAttachment(id, 'Evidence', upload()))).toMatchObject({ kind: 'rate-limited', status: 429 });
    expect(await failureOf(client.upsert(TABLE, [record(2)]))).toMatchObject({ kind: 'rate-limited' });
  });

  it('fails an upload as unavailable while only the upload host is down, and records still go', async () => {
    const { id } = await created();
    server.uploadsDown = true;
    nextTurn();
    expect(await failureOf(client.uploadAttachment(id, 'Evidence', upload()))).toMatchObject({ kind: 'unavailable', status: 503 });
    expect((await created()).id).toBe(id);
  });
});

describe('Airtable configuration', () => {
  it('is absent when neither variable is set: submissions stay in the site’s own store', () => {
    expect(airtableConfig({})).toBeNull();
  });

  it('names the missing variable when only one is set', () => {
    expect(() => airtableConfig({ AIRTABLE_API_KEY: 'pat123' })).toThrow(/AIRTABLE_BASE_ID is not set/);
    expect(() => airtableConfig({ AIRTABLE_BASE_ID: 'appAAAAAAAAAAAAAA' })).toThrow(/AIRTABLE_API_KEY is not set/);
  });

  it('refuses a base ID or endpoint that cannot be right, and keeps the endpoint the client honours', () => {
    expect(() => airtableConfig({ AIRTABLE_API_KEY: 'pat123', AIRTABLE_BASE_ID: 'my base' })).toThrow(/AIRTABLE_BASE_ID must look like app/);
    expect(() => airtableConfig({ AIRTABLE_API_KEY: 'pat123', AIRTABLE_BASE_ID: 'appAAAAAAAAAAAAAA', AIRTABLE_ENDPOINT_URL: 'not a url' })).toThrow(
      /AIRTABLE_ENDPOINT_URL must be a URL/,
    );
    expect(airtableConfig({ AIRTABLE_API_KEY: 'pat123', AIRTABLE_BASE_ID: 'appAAAAAAAAAAAAAA', AIRTABLE_ENDPOINT_URL: 'http://127.0.0.1:9999' })).toEqual({
      apiKey: 'pat123',
      baseId: 'appAAAAAAAAAAAAAA',
      endpointUrl: 'http://127.0.0.1:9999',
    });
  });
});
