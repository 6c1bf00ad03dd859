/**
 * How long loading a large repository takes: a generated 1,000-application / 10,000-unit
 * bundle with 5 overlays is loaded, merged and validated, and compared with the bare
 * `yaml.parse` of the same texts (the floor: no positions, no schema, no merge).
 */
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadBundleFiles } from '../src/bundle/index.js';
import { hasErrors } from '../src/model/diagnostic.js';

const apps = 1000;
const unitsPerApp = 10;
const overlays = 5;
const runs = 7;
const root = '/bench-repo';

function generateBundle(): string {
  const lines = ['description: generated bundle for the parse benchmark', 'default-base: ubuntu@22.04', 'applications:'];
  for (let i = 0; i < apps; i++) {
    lines.push(
      `  app${i}:`,
      `    charm: charm${i % 50}`,
      '    channel: latest/stable',
      `    revision: ${100 + (i % 7)}`,
      `    num_units: ${unitsPerApp}`,
      '    constraints: cores=2 mem=4G root-disk=20G',
      '    options:',
      `      port: ${8000 + i}`,
      `      label: "release-${i}"`,
      '      debug: false',
      '      workers: 4',
      `      motd: "hello from app ${i}"`,
      '    annotations:',
      `      gui-x: "${i * 10}"`,
      `      gui-y: "${i * 5}"`,
      '    bindings:',
      '      "": alpha',
    );
  }
  lines.push('relations:');
  for (let i = 1; i < apps; i++) lines.push(`  - [app${i}:db, app${i - 1}:website]`);
  return lines.join('\n') + '\n';
}

function generateOverlay(n: number): string {
  const lines = ['applications:'];
  for (let i = n; i < apps; i += overlays) {
    lines.push(`  app${i}:`, '    options:', `      label: "release-${i}-o${n}"`, '      debug: ~', `    num_units: ${unitsPerApp}`);
  }
  lines.push(`  extra${n}:`, '    charm: extra', '    num_units: 1', 'relations:', `  - [extra${n}:peer, app${n}:peer]`);
  return lines.join('\n') + '\n';
}

const texts = new Map<string, string>();
texts.set(join(root, 'bundles/big.yaml'), generateBundle());
for (let n = 0; n < overlays; n++) texts.set(join(root, `overlays/big/${n}.yaml`), generateOverlay(n));
const files = [...texts.keys()];
const readFile = async (abs: string) => texts.get(abs)!;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function time(fn: () => unknown | Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return performance.now() - start;
}

const load = async () => {
  const loaded = await loadBundleFiles(files, { root, readFile });
  if (hasErrors(loaded.diagnostics)) throw new Error(`generated bundle does not validate: ${loaded.diagnostics.find((d) => d.severity === "error")?.summary}`);
  if (Object.keys(loaded.bundle.applications).length !== apps + overlays) throw new Error('wrong application count');
};
const floor = () => {
  for (const text of texts.values()) parse(text);
};

// Warm up both paths so the JIT and the cached schema validators are in place.
await load();
floor();
const floorTimes: number[] = [];
const loadTimes: number[] = [];
for (let i = 0; i < runs; i++) {
  floorTimes.push(await time(floor));
  loadTimes.push(await time(load));
}
clearInterval(sampler);

const parseMs = median(loadTimes);
const floorMs = median(floorTimes);
const ratio = parseMs / floorMs;
const rssMb = peakRss / (1024 * 1024);
const bytes = [...texts.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);

console.log(`bundle: ${apps} applications, ${apps * unitsPerApp} units, ${overlays} overlays, ${(bytes / 1024).toFixed(0)} KiB of YAML`);
console.log(`load + merge + validate: ${parseMs.toFixed(1)} ms (median of ${runs})`);
console.log(`bare yaml.parse floor:   ${floorMs.toFixed(1)} ms`);
console.log(`ratio to floor:          ${ratio.toFixed(2)} (target ≤ 2)`);
console.log(`peak RSS:                ${rssMb.toFixed(0)} MB`);
const metric = (name: string, value: number, unit: string, target: number | null) =>
  console.log(JSON.stringify({ bench: 'parse', metric: name, value: Number(value.toFixed(2)), unit, target }));
metric('parse_ms', parseMs, 'ms', null);
metric('parse_floor_ms', floorMs, 'ms', null);
metric('parse_ratio_to_floor', ratio, 'ratio', 2);
metric('parse_rss_mb', rssMb, 'MB', null);
