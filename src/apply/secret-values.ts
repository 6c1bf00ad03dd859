import { isSecretOption } from '../model/secrets.js';

/** The values of the secret options among these option sets, as text, to mask in command output. */
export function secretValuesOf(optionSets: ReadonlyArray<Record<string, unknown> | undefined>, declared: readonly string[]): string[] {
  const values = new Set<string>();
  for (const options of optionSets) {
    for (const [name, value] of Object.entries(options ?? {})) {
      if (value == null || value === '' || !isSecretOption(name, declared)) continue;
      values.add(typeof value === 'string' ? value : JSON.stringify(value));
    }
  }
  return [...values];
}
