// @ts-check
/**
 * The layers of the code, lowest first. A layer may import the layers listed
 * before it and never one listed after it (ARCHITECTURE.md says what each holds).
 * Paths in one entry are one layer and may import each other.
 * @type {{ name: string; paths: string[] }[]}
 */
export const LAYERS = [
  { name: 'http', paths: ['src/lib/http'] },
  { name: 'content', paths: ['src/lib/content'] },
  { name: 'program', paths: ['src/lib/program'] },
  { name: 'html', paths: ['src/lib/html'] },
  { name: 'catalog', paths: ['src/lib/catalog', 'src/lib/handbook', 'src/lib/site.ts', 'src/lib/policies.ts'] },
  { name: 'forms', paths: ['src/lib/forms'] },
  { name: 'store', paths: ['src/lib/store'] },
  { name: 'identity', paths: ['src/lib/identity'] },
  { name: 'mail', paths: ['src/lib/mail'] },
  { name: 'workflow', paths: ['src/lib/workflow'] },
  { name: 'airtable', paths: ['src/lib/airtable'] },
  { name: 'reports', paths: ['src/lib/reports'] },
  { name: 'app', paths: ['src/lib/app'] },
  { name: 'client', paths: ['src/client'] },
  { name: 'functions', paths: ['netlify/functions', 'scripts'] },
  { name: 'support', paths: ['support'] },
  { name: 'bench', paths: ['bench'] },
  { name: 'tests', paths: ['tests'] },
];

/** What the browser script may use: it ships to every form page, so nothing that needs a server. */
const CLIENT_MAY_USE = ['src/lib/http', 'src/lib/content', 'src/lib/program', 'src/lib/html', 'src/lib/catalog', 'src/lib/forms'];

/**
 * Zones for import-x/no-restricted-paths: each layer's files may not import
 * from any layer above it. Tests are above everything; nothing imports them.
 * @param {typeof LAYERS} layers
 */
export function layerZones(layers) {
  const zones = [];
  layers.forEach((layer, i) => {
    const above = layers.slice(i + 1).flatMap((l) => l.paths);
    for (const target of layer.paths) {
      if (above.length)
        zones.push({
          target: `./${target}`,
          from: above.map((p) => `./${p}`),
          message: `${layer.name} is below these layers: move the code down, or pass it in from above (ARCHITECTURE.md).`,
        });
    }
  });
  const server = layers
    .filter((l) => l.name !== 'client')
    .flatMap((l) => l.paths)
    .filter((p) => !CLIENT_MAY_USE.includes(p));
  zones.push({ target: './src/client', from: server.map((p) => `./${p}`), message: 'The browser script may use only the forms and what they stand on.' });
  return zones;
}
