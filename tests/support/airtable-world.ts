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

/** The rate limits of a world's stand-in and client. */
export interface AirtableLimits {
  /** The stand-in's requests a second; Airtable's own limit when left out. */
  requestsPerSecond?: number;
  /** How long the client waits after a 429; Airtable's own penalty when left out. */
  clientPenaltyMs?: number;
}

/** A generous limit, so that only the drain's own tests wait on Airtable's. */
const EVERY_TEST: AirtableLimits = { requestsPerSecond: 50 };

/**
 * The Blobs emulator, the stand-in Airtable and the real client, new for each test, on
 * one test clock so that the drain's pauses take no real time; `sync` runs the drain.
 * `replaceAirtable` gives one test another stand-in and client (at Airtable's own
 * limit, say), stopped after the test like the first.
 */
export function airtableWorldEachTest(tables: () => Parameters<typeof standInTables>[0] = () => BASE_TABLES): AirtableWorld & {
  sync: () => ReturnType<typeof drain>;
  replaceAirtable: (limits: AirtableLimits) => Promise<void>;
} {
  const world = {} as AirtableWorld;
  const startAirtable = async ({ requestsPerSecond, clientPenaltyMs }: AirtableLimits) => {
    world.airtable = new AirtableServer({
      ...standInTables(tables()),
      penaltyMs: 300,
      ...(requestsPerSecond ? { requestsPerSecond } : {}),
      now: world.clock.now,
    });
    await world.airtable.start();
    const config = { apiKey: world.airtable.token, baseId: world.airtable.baseId, endpointUrl: world.airtable.url };
    world.client = new AirtableClient(config, { timeoutMs: 2_000, ...(clientPenaltyMs ? { penaltyMs: clientPenaltyMs } : {}) });
  };
  beforeEach(async () => {
    world.clock = new TestClock();
    world.blobs = await startBlobs();
    await startAirtable(EVERY_TEST);
    world.deps = testDeps(world.blobs.store);
  });
  afterEach(async () => {
    await world.airtable.stop();
    await world.blobs.stop();
  });
  return Object.assign(world, {
    sync: () => drain(world.blobs.store, world.client, { penaltyMs: 350, budgetMs: 10_000, maxBackoffMs: 200, now: world.clock.now, sleep: world.clock.sleep }),
    replaceAirtable: async (limits: AirtableLimits) => {
      await world.airtable.stop();
      await startAirtable(limits);
    },
  });
}
