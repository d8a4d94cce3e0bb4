import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AirtableClient, airtableConfig, type AirtableFailure } from '../../src/lib/airtable/client.ts';
import { AirtableServer } from '../../support/airtable-server.ts';
import { TestClock } from '../support/clock.ts';

let server: AirtableServer;
let client: AirtableClient;
let clock: TestClock;

beforeEach(async () => {
  clock = new TestClock();
  server = new AirtableServer({ tables: { 'Pre-approval requests': ['Submission ID', 'Receipt', 'Name', 'Hours'] }, penaltyMs: 2_000, now: clock.now });
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
    expect(again).toEqual({ created: [], updated: first.created });
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
