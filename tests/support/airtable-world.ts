import { afterEach, beforeEach } from 'vitest';
import { BASE_TABLES } from '../../src/lib/airtable/base-schema.ts';
import { AirtableClient } from '../../src/lib/airtable/client.ts';
import { drain } from '../../src/lib/airtable/drain.ts';
import type { SubmitDeps } from '../../src/lib/app/submit.ts';
import { AirtableServer, standInTables } from '../../support/airtable-server.ts';
import { startBlobs, testDeps } from '../../support/blobs.ts';
import { TestClock } from './clock.ts';

export interface AirtableWorld {
  clock: TestClock;
  blobs: Awaited<ReturnType<typeof startBlobs>>;
  airtable: AirtableServer;
  client: AirtableClient;
  deps: SubmitDeps;
}

/**
 * The Blobs emulator, the stand-in Airtable and the real client, new for each test, on
 * one test clock so that the drain's pauses take no real time; `sync` runs the drain.
 */
export function airtableWorldEachTest(
  tables: () => Parameters<typeof standInTables>[0] = () => BASE_TABLES,
): AirtableWorld & { sync: () => ReturnType<typeof drain> } {
  const world = {} as AirtableWorld;
  beforeEach(async () => {
    world.clock = new TestClock();
    world.blobs = await startBlobs();
    world.airtable = new AirtableServer({ ...standInTables(tables()), penaltyMs: 300, requestsPerSecond: 50, now: world.clock.now });
    await world.airtable.start();
    world.client = new AirtableClient({ apiKey: world.airtable.token, baseId: world.airtable.baseId, endpointUrl: world.airtable.url }, { timeoutMs: 2_000 });
    world.deps = testDeps(world.blobs.store);
  });
  afterEach(async () => {
    await world.airtable.stop();
    await world.blobs.stop();
  });
  return Object.assign(world, {
    sync: () => drain(world.blobs.store, world.client, { penaltyMs: 350, budgetMs: 10_000, maxBackoffMs: 200, now: world.clock.now, sleep: world.clock.sleep }),
  });
}
