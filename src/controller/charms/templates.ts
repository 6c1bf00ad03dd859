/** Values a workload template may use; `config` holds the unit's options with defaults filled in. */
export interface TemplateValues {
  config: Record<string, unknown>;
  port?: number;
  address: string;
  unit: string;
  application: string;
  model: string;
  charm_dir: string;
  state_dir: string;
}

const placeholder = /\{([a-z_]+)(?:\.([A-Za-z0-9_-]+))?\}/g;
const names = new Set(['config', 'port', 'address', 'unit', 'application', 'model', 'charm_dir', 'state_dir']);

/** The placeholders a template uses that do not exist (for charm validation). */
export function unknownPlaceholders(template: string, options: ReadonlySet<string>): string[] {
  const unknown: string[] = [];
  for (const [whole, name, key] of template.matchAll(placeholder)) {
    if (!names.has(name) || (name === 'config') !== (key !== undefined)) unknown.push(whole);
    else if (key !== undefined && !options.has(key)) unknown.push(whole);
  }
  return unknown;
}

export function renderTemplate(template: string, values: TemplateValues): string {
  return template.replace(placeholder, (whole, name: string, key?: string) => {
    if (name === 'config' && key !== undefined) return stringify(values.config[key]);
    if (names.has(name) && key === undefined) return stringify(values[name as Exclude<keyof TemplateValues, 'config'>]);
    return whole;
  });
}

function stringify(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
