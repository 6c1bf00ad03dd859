/**
 * Seeded mutations of real bundles: each case is reproducible from (seed, index) alone. They
 * cover what an untrusted pull request can put in a repository: keys deleted, duplicated or
 * given another type, files cut short, deep nesting, alias bombs, huge strings, includes that
 * leave the folder, symbolic links, FIFOs, control characters and bytes that are not UTF-8.
 */
import { isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';

/** mulberry32: small, fast and good enough to spread mutations; the point is reproducibility. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a case puts on disk besides the bundle, in the case folder. */
export type Extra =
  | { kind: 'fifo'; path: string }
  | { kind: 'symlink'; path: string; target: 'sentinel' | 'outside-folder' | '/etc/hostname' }
  | { kind: 'bundle-symlink' };

export interface FuzzCase {
  index: number;
  mutation: string;
  /** The bundle file's bytes. */
  bytes: Buffer;
  extras: Extra[];
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

/** Every node of a document that holds a value, with its parent collection. */
function nodesOf(text: string): { doc: ReturnType<typeof parseDocument>; pairs: { parent: Node; key: unknown }[] } {
  const doc = parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false });
  const pairs: { parent: Node; key: unknown }[] = [];
  visit(doc, {
    Map(_, map) {
      for (const item of map.items) pairs.push({ parent: map, key: isScalar(item.key) ? item.key.value : item.key });
    },
    Seq(_, seq) {
      seq.items.forEach((_item, i) => pairs.push({ parent: seq, key: i }));
    },
  });
  return { doc, pairs };
}

const strangeValues: unknown[] = [null, 0, -1, 1e308, true, 'x', '', [], {}, [[]], { a: { b: [1, 'two', null] } }, 'include-file://x', '${HOME}'];

function retype(text: string, rng: Rng): string {
  const { doc, pairs } = nodesOf(text);
  if (doc.errors.length) return duplicateLine(text, rng);
  if (!pairs.length) return text;
  const { parent, key } = pick(rng, pairs);
  const value = pick(rng, strangeValues);
  if (isMap(parent)) parent.set(key, doc.createNode(value));
  else if (isSeq(parent)) parent.set(key as number, doc.createNode(value));
  return doc.toString({ lineWidth: 0 });
}

function deleteKey(text: string, rng: Rng): string {
  const { doc, pairs } = nodesOf(text);
  // A multi-document file is mutated as text instead.
  if (doc.errors.length) return truncate(text, rng);
  if (!pairs.length) return text;
  const { parent, key } = pick(rng, pairs);
  if (isMap(parent)) parent.delete(key);
  else if (isSeq(parent)) parent.delete(key as number);
  return doc.toString({ lineWidth: 0 });
}

/** A line repeated right after itself: duplicate keys, list items twice, broken indentation. */
function duplicateLine(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const at = Math.floor(rng() * lines.length);
  lines.splice(at, 0, lines[at]);
  return lines.join('\n');
}

function truncate(text: string, rng: Rng): string {
  return text.slice(0, Math.floor(rng() * text.length));
}

function deepNesting(text: string, rng: Rng): string {
  const depth = 200 + Math.floor(rng() * 3000);
  const flow = rng() < 0.5 ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`;
  return `${text}\nnested: ${flow}\n`;
}

function aliasBomb(text: string, rng: Rng): string {
  const levels = 6 + Math.floor(rng() * 6);
  const lines = ['bomb0: &b0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i <= levels; i++) lines.push(`bomb${i}: &b${i} [${Array(9).fill(`*b${i - 1}`).join(',')}]`);
  return `${lines.join('\n')}\n${text}`;
}

/**
 * Up to 1 MB: the yaml library reads a long double-quoted scalar in time that grows faster than
 * its length (about 3 s for 4 MB), a known cost left to the file-size limit, not a finding.
 */
function hugeString(text: string, rng: Rng): string {
  const size = 64 * 1024 * (1 + Math.floor(rng() * 16));
  return rng() < 0.5 ? `${text}\ndescription: "${'z'.repeat(size)}"\n` : `${text}\ndescription: ${'z'.repeat(size)}\n`;
}

/** Sets a random option (or adds one) of a random application to `value`. */
function setOption(text: string, rng: Rng, value: string): string {
  const doc = parseDocument(text, { version: '1.1', merge: true, uniqueKeys: false });
  if (doc.errors.length) return `${text}\n---\napplications:\n  fuzz:\n    options:\n      opt: ${value}\n`;
  const apps = doc.get('applications');
  if (!isMap(apps) || !apps.items.length) return `${text}\napplications:\n  fuzz:\n    charm: fuzz\n    options:\n      opt: ${value}\n`;
  const app = pick(rng, apps.items);
  if (!isMap(app.value)) return text;
  const options = app.value.get('options');
  if (isMap(options)) options.set('fuzzed', value);
  else app.value.set('options', doc.createNode({ fuzzed: value }));
  return doc.toString({ lineWidth: 0 });
}

function insertAt(text: string, rng: Rng, what: string): string {
  const at = Math.floor(rng() * text.length);
  return text.slice(0, at) + what + text.slice(at);
}

const controlChars = ['\0', '\x01', '\x07', '\x08', '\x0b', '\x0c', '\x1b', '\x7f', '\x80', '\x9f', '\uFFFE'];

/** The mutations, each a function of the real bundle's text and the case's random stream. */
const mutations: Record<string, (text: string, rng: Rng) => { text?: string; bytes?: Buffer; extras?: Extra[] }> = {
  'delete-key': (t, r) => ({ text: deleteKey(t, r) }),
  'duplicate-line': (t, r) => ({ text: duplicateLine(t, r) }),
  retype: (t, r) => ({ text: retype(t, r) }),
  truncate: (t, r) => ({ text: truncate(t, r) }),
  'deep-nesting': (t, r) => ({ text: deepNesting(t, r) }),
  'alias-bomb': (t, r) => ({ text: aliasBomb(t, r) }),
  'huge-string': (t, r) => ({ text: hugeString(t, r) }),
  'include-escape': (t, r) => ({ text: setOption(t, r, pick(r, ['include-file://../../sentinel', 'include-file:///etc/hostname', 'include-base64://../../../../../../etc/hostname', 'include-file://%2e%2e/sentinel'])) }),
  'include-symlink': (t, r) => ({ text: setOption(t, r, 'include-file://link'), extras: [{ kind: 'symlink', path: 'bundles/link', target: pick(r, ['sentinel', 'outside-folder', '/etc/hostname'] as const) }] }),
  'include-fifo': (t, r) => ({ text: setOption(t, r, pick(r, ['include-file://pipe', 'include-base64://pipe'])), extras: [{ kind: 'fifo', path: 'bundles/pipe' }] }),
  'bundle-symlink': (t) => ({ text: t, extras: [{ kind: 'bundle-symlink' }] }),
  'control-character': (t, r) => ({ text: insertAt(t, r, pick(r, controlChars)) }),
  'not-utf8': (t, r) => {
    const bytes = Buffer.from(t, 'utf8');
    const at = Math.floor(r() * bytes.length);
    return { bytes: Buffer.concat([bytes.subarray(0, at), Buffer.from([pick(r, [0xff, 0xc3, 0xe2, 0x80, 0xfe])]), bytes.subarray(at)]) };
  },
  'byte-flip': (t, r) => {
    const bytes = Buffer.from(t, 'utf8');
    for (let i = 0; i < 1 + Math.floor(r() * 4); i++) bytes[Math.floor(r() * bytes.length)] = Math.floor(r() * 256);
    return { bytes };
  },
};

export const mutationNames = Object.keys(mutations);

/** Case `index` of the run with `seed`, made from one of the corpus texts. */
export function makeCase(seed: number, index: number, corpus: readonly string[]): FuzzCase {
  const rng = random(seed * 1_000_003 + index);
  const source = pick(rng, corpus);
  const mutation = pick(rng, mutationNames);
  const out = mutations[mutation](source, rng);
  return { index, mutation, bytes: out.bytes ?? Buffer.from(out.text ?? source, 'utf8'), extras: out.extras ?? [] };
}
