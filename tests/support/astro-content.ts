/**
 * A stand-in for Astro's `astro:content` module in unit tests (vitest.config.ts maps
 * the name here), so code that reads collections (src/lib/policies.ts) can be tested
 * without a build: each collection holds whatever the test puts in it.
 */
export interface StandInEntry {
  id: string;
  filePath?: string;
  data: unknown;
}

const collections = new Map<string, StandInEntry[]>();

export function setCollection(name: string, entries: StandInEntry[]): void {
  collections.set(name, entries);
}

export async function getCollection(name: string): Promise<StandInEntry[]> {
  const entries = collections.get(name);
  if (!entries) throw new Error(`the test put nothing in the collection "${name}"`);
  return [...entries];
}
