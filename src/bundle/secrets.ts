import type { Bundle } from '../model/bundle.js';

export const maskedValue = '********';

/** Option names that hold credentials: by name (password, secret, token, key) or declared. */
export function isSecretOption(name: string, declared: readonly string[] = []): boolean {
  return declared.includes(name) || /password|secret|token|key/i.test(name);
}

/** A copy of the bundle with every secret option value masked, and the `app.option`s masked. */
export function maskSecrets(bundle: Bundle, declared: readonly string[] = []): { bundle: Bundle; masked: string[] } {
  const masked: string[] = [];
  const applications: Bundle['applications'] = {};
  for (const [name, app] of Object.entries(bundle.applications)) {
    if (!app.options) {
      applications[name] = app;
      continue;
    }
    const options: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(app.options)) {
      const secret = value !== null && value !== '' && isSecretOption(key, declared);
      options[key] = secret ? maskedValue : value;
      if (secret) masked.push(`${name}.${key}`);
    }
    applications[name] = { ...app, options };
  }
  return { bundle: { ...bundle, applications }, masked };
}
