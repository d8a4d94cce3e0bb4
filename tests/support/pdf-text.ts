import { inflateSync } from 'node:zlib';

/**
 * The text of a PDF as Chromium prints it (Skia's PDF: one content stream per page,
 * fonts with a ToUnicode map), in the order it is drawn: enough for a test to say a
 * printed page holds the words it should. Not a general PDF reader.
 */
export function pdfText(pdf: Uint8Array): string {
  const source = Buffer.from(pdf).toString('latin1');
  const objects = new Map<number, { dict: string; stream?: string }>();
  for (const m of source.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.indexOf('stream');
    if (at === -1) {
      objects.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, at);
    let raw = body.slice(at + 'stream'.length).replace(/^\r?\n/, '');
    raw = raw.slice(0, raw.lastIndexOf('endstream')).replace(/\r?\n$/, '');
    const bytes = Buffer.from(raw, 'latin1');
    objects.set(Number(m[1]), { dict, stream: (/\/FlateDecode/.test(dict) ? inflateSync(bytes) : bytes).toString('latin1') });
  }
  const ref = (text: string, name: string) => {
    const found = new RegExp(`/${name}\\s+(\\d+) 0 R`).exec(text);
    return found ? objects.get(Number(found[1])) : undefined;
  };
  const pages = [...objects.values()].filter((o) => /\/Type\s*\/Page\b/.test(o.dict));
  return pages.map((p) => pageText(p.dict, objects, ref)).join('\n');
}

type Obj = { dict: string; stream?: string };

function pageText(dict: string, objects: Map<number, Obj>, ref: (text: string, name: string) => Obj | undefined): string {
  const fontsDict = /\/Font\s*<<([\s\S]*?)>>/.exec(dict)?.[1] ?? '';
  const fonts = new Map<string, { map: Map<number, string>; width: number }>();
  for (const [, name, id] of fontsDict.matchAll(/\/(\S+?)\s+(\d+) 0 R/g)) {
    const font = objects.get(Number(id));
    if (!font) continue;
    fonts.set(name!, { map: toUnicode(ref(font.dict, 'ToUnicode')?.stream ?? ''), width: /\/Type0/.test(font.dict) ? 4 : 2 });
  }
  const contents = ref(dict, 'Contents')?.stream ?? '';
  let font = fonts.values().next().value;
  let out = '';
  for (const [token, fontName, hex, array] of contents.matchAll(/\/(\S+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ|\bET\b/g)) {
    if (fontName) font = fonts.get(fontName) ?? font;
    else if (hex !== undefined) out += decode(hex, font);
    else if (array !== undefined) out += [...array.matchAll(/<([0-9A-Fa-f]*)>/g)].map((h) => decode(h[1]!, font)).join('');
    else if (token === 'ET') out += ' ';
  }
  return out.replace(/\s+/g, ' ');
}

function decode(hex: string, font: { map: Map<number, string>; width: number } | undefined): string {
  if (!font) return '';
  let out = '';
  for (let i = 0; i < hex.length; i += font.width) out += font.map.get(parseInt(hex.slice(i, i + font.width), 16)) ?? '';
  return out;
}

function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const text = (hex: string) => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((u) => parseInt(u, 16)));
  for (const [, block] of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, src, dst] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(src!, 16), text(dst!));
  }
  for (const [, block] of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const first = parseInt(dst!, 16);
      for (let c = parseInt(lo!, 16); c <= parseInt(hi!, 16); c++) map.set(c, String.fromCharCode(first + c - parseInt(lo!, 16)));
    }
  }
  return map;
}
