/**
 * How long loading a large repository takes: a generated 1,000-application / 10,000-unit
 * bundle with 5 overlays is loaded, merged and validated. The floor is the loader's own YAML
 * step (`parseDocuments`: the same yaml call, options and `toJS`) on the same texts, so the
 * ratio is what schema checks, key checks, normalising, merging and Juju's rules add to
 * reading the YAML. The two are timed in adjacent pairs with a GC before every run, and the
 * median pair's ratio is the figure (bench/lib/timing.ts, pairedRatio, says why).
 */
import { join } from 'node:path';
import { loadBundleFiles, parseDocuments } from '../src/bundle/index.js';
import { hasErrors } from '../src/model/diagnostic.js';
import { runBench } from './lib/report.js';
import { gcBetweenRuns, pairedRatio, quantile } from './lib/timing.js';
const apps = 1000;
const unitsPerApp = 10;
const overlays = 5;
const pairs = 21;
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

const load = async () => {
  const loaded = await loadBundleFiles(files, { root, readFile });
  if (hasErrors(loaded.diagnostics)) throw new Error(`generated bundle does not validate: ${loaded.diagnostics.find((d) => d.severity === 'error')?.summary}`);
  if (Object.keys(loaded.bundle.applications).length !== apps + overlays) throw new Error('wrong application count');
};
const floor = () => {
  for (const [absPath, text] of texts) {
    if (parseDocuments(text, { file: absPath, absPath }).documents.length !== 1) throw new Error(`${absPath} did not parse`);
  }
};

await runBench('parse', async (report) => {
  if (!gcBetweenRuns) report.broken('run with node --expose-gc (npm run bench:parse does)');
  const { ratio, pairs: ratios, workMs: parseMs, floorMs } = await pairedRatio(load, floor, { runs: pairs });
  const rssMb = process.resourceUsage().maxRSS / 1024;
  const bytes = [...texts.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);

  console.log(`bundle: ${apps} applications, ${apps * unitsPerApp} units, ${overlays} overlays, ${(bytes / 1024).toFixed(0)} KiB of YAML`);
  console.log(`load + merge + validate:     ${parseMs.toFixed(1)} ms CPU, median of ${pairs}`);
  console.log(`floor, the loader's parse:   ${floorMs.toFixed(1)} ms (yaml 1.1 documents + toJS, same options)`);
  console.log(`ratio to floor:              ${ratio.toFixed(2)} (target ≤ 1.25), median of ${ratios.length} adjacent pairs (quartiles ${quantile(ratios, 0.25).toFixed(2)}–${quantile(ratios, 0.75).toFixed(2)})`);
  console.log(`peak RSS:                    ${rssMb.toFixed(0)} MB`);
  // The load includes the floor's work, so a load timed under its parse step means the timing
  // itself is wrong: in most pairs, as one pair in four can fall either side by chance alone.
  if (quantile(ratios, 0.75) < 1) report.broken(`the load timed faster than its own parse step in most pairs (median ratio ${ratio.toFixed(3)})`);
  report.metric('parse_ms', parseMs, 'ms', null);
  report.metric('parse_floor_ms', floorMs, 'ms', null);
  report.metric('parse_ratio_to_floor', ratio, 'ratio', 1.25);
  report.metric('parse_rss_mb', rssMb, 'MB', null);
});
