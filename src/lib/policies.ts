import { getCollection, type CollectionEntry } from 'astro:content';
import { formatDate } from './program/calendar.ts';

export type PolicyEntry = CollectionEntry<'policies'>;

/** "4300.2" -> "4300-2": the page address of a policy number. */
export function policySlug(number: string): string {
  return number.replace('.', '-');
}

/** Policies in number order, each with its related policies resolved; a related number that names no policy fails the build. */
export async function policies(): Promise<{ entry: PolicyEntry; related: PolicyEntry[] }[]> {
  const all = (await getCollection('policies')).sort((a, b) => a.data.number.localeCompare(b.data.number, 'en', { numeric: true }));
  const byNumber = new Map(all.map((p) => [p.data.number, p]));
  for (const p of all) {
    if (p.id !== policySlug(p.data.number)) {
      throw new Error(`${p.filePath}: number "${p.data.number}" does not match the file name; name the file ${policySlug(p.data.number)}.md`);
    }
  }
  return all.map((entry) => ({
    entry,
    related: entry.data.related.map((number) => {
      const found = byNumber.get(number);
      if (!found) throw new Error(`${entry.filePath}: related: no policy numbered "${number}" in content/policies`);
      return found;
    }),
  }));
}

/** A policy's date (YAML reads it as midnight UTC), written as every other date on the site. */
export function formatPolicyDate(date: Date): string {
  return formatDate(date.toISOString().slice(0, 10));
}
