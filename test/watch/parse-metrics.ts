export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ParsedMetrics {
  types: Record<string, string>;
  help: Record<string, string>;
  samples: Sample[];
  /** The value of the one sample with this name and exactly these labels; throws when there is none. */
  value(name: string, labels?: Record<string, string>): number;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"(,|$)/y;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, as a scraper reads it: every
 * sample belongs to a family announced by `# TYPE` before it, and a family's samples are together.
 */
export function parseMetrics(text: string): ParsedMetrics {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a line feed');
  const types: Record<string, string> = {};
  const help: Record<string, string> = {};
  const samples: Sample[] = [];
  const closed = new Set<string>();
  let current: string | undefined;
  for (const [i, line] of text.slice(0, -1).split('\n').entries()) {
    const fail = (why: string) => new Error(`line ${i + 1}: ${why}: ${line}`);
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      if (!metricName.test(name)) throw fail('bad metric name');
      if (kind === 'TYPE') {
        if (types[name] || closed.has(name)) throw fail('family announced twice');
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(rest)) throw fail('unknown type');
        types[name] = rest;
        if (current && current !== name) closed.add(current);
        current = name;
      } else {
        help[name] = rest.replace(/\\n/g, '\n').replace(/\\\\/g, '\\');
      }
      continue;
    }
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: -?\d+)?$/.exec(line);
    if (!match) throw fail('not a sample');
    const [, name, labelText = '', valueText] = match;
    if (name !== current || !types[name]) throw fail('sample outside its announced family');
    const labels: Record<string, string> = {};
    labelPair.lastIndex = 0;
    while (labelPair.lastIndex < labelText.length) {
      const pair = labelPair.exec(labelText);
      if (!pair) throw fail('bad labels');
      if (pair[1] in labels) throw fail('label repeated');
      labels[pair[1]] = pair[2].replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    if (Number.isNaN(value) && valueText !== 'NaN') throw fail('bad value');
    samples.push({ name, labels, value });
  }
  return {
    types,
    help,
    samples,
    value(name, labels = {}) {
      const same = (a: Record<string, string>) => Object.keys(a).length === Object.keys(labels).length && Object.entries(labels).every(([k, v]) => a[k] === v);
      const found = samples.filter((s) => s.name === name && same(s.labels));
      if (found.length !== 1) throw new Error(`${found.length} samples of ${name}${JSON.stringify(labels)}`);
      return found[0].value;
    },
  };
}
