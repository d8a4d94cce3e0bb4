import { readFileSync } from 'node:fs';

/**
 * The headers a Netlify `_headers` file gives a path, so a local server sends what
 * the host will: a path line, then indented `Name: value` lines. Only the patterns
 * this site uses are understood (an exact path, or a prefix ending in `*`).
 */
export function readHeadersFile(file: string): { pattern: string; headers: [string, string][] }[] {
  const rules: { pattern: string; headers: [string, string][] }[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim() || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) rules.push({ pattern: line.trim(), headers: [] });
    else {
      const at = line.indexOf(':');
      rules.at(-1)?.headers.push([line.slice(0, at).trim(), line.slice(at + 1).trim()]);
    }
  }
  return rules;
}

export function headersFor(rules: ReturnType<typeof readHeadersFile>, path: string): [string, string][] {
  return rules.filter((r) => (r.pattern.endsWith('*') ? path.startsWith(r.pattern.slice(0, -1)) : path === r.pattern)).flatMap((r) => r.headers);
}
