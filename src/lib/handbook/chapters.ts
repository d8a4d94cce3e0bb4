import { getCollection, type CollectionEntry } from 'astro:content';
import { program } from '../site.ts';
import { fillPlaceholders, placeholderValues } from './placeholders.ts';

export type Chapter = CollectionEntry<'handbook'>;

const values = placeholderValues(program);

export async function chapters(): Promise<Chapter[]> {
  const all = await getCollection('handbook');
  return all.sort((a, b) => a.data.order - b.data.order || a.id.localeCompare(b.id));
}

/** The chapter's HTML with the program's figures filled in. */
export function chapterHtml(chapter: Chapter): string {
  return fillPlaceholders(chapter.rendered?.html ?? '', values, chapter.filePath ?? `content/handbook/${chapter.id}.md`);
}

export function chapterHeadings(chapter: Chapter): { depth: number; slug: string; text: string }[] {
  const headings = (chapter.rendered?.metadata?.headings ?? []) as { depth: number; slug: string; text: string }[];
  return headings.filter((h) => h.depth === 2 || h.depth === 3);
}

/**
 * The same chapter for the one-page handbook: heading ids get the chapter's id
 * in front (two chapters may share a heading), and links between chapters
 * become links within the page.
 */
export function printableChapterHtml(chapter: Chapter, ids: Set<string>): string {
  return chapterHtml(chapter)
    .replace(/\sid="([^"]+)"/g, (_m, id: string) => ` id="${chapter.id}--${id}"`)
    .replace(/href="\/handbook\/([a-z0-9-]+)\/(#([^"]*))?"/g, (match, target: string, _hash, anchor?: string) => {
      if (!ids.has(target)) return match;
      return anchor ? `href="#${target}--${anchor}"` : `href="#${target}"`;
    });
}
