import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { parseProgram, PROGRAM_FILE, type Program } from '../src/lib/program/settings.ts';

/** The repository's own settings, read fresh for each test. */
export function repoProgram(): Program {
  return parseProgram(readFileSync(PROGRAM_FILE, 'utf8'));
}

/** The settings file's text with some top-level fields changed, for tests that try other values. */
export function programYamlWith(changes: Record<string, unknown>): string {
  const raw = parse(readFileSync(PROGRAM_FILE, 'utf8')) as Record<string, unknown>;
  return stringify({ ...raw, ...changes });
}
