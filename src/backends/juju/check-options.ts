import type { CharmOption } from '../../model/live.js';
import { GitopsError } from '../../model/errors.js';

const accepts: Record<CharmOption['type'], (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  secret: (v) => typeof v === 'string',
  int: (v) => typeof v === 'number' && Number.isInteger(v),
  float: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
};

/**
 * Options are checked against the live charm's schema (from `juju config`) before anything is
 * sent, so a typo fails the plan's step with the option's name instead of a half-applied
 * config change. Without a schema (the application is new) Juju itself checks at deploy.
 */
export function checkOptionsAgainstSchema(application: string, set: Record<string, unknown>, unset: string[], schema: Record<string, CharmOption> | undefined): void {
  if (!schema) return;
  const problems: string[] = [];
  for (const key of [...Object.keys(set), ...unset]) if (!schema[key]) problems.push(`${key} is not an option of the charm`);
  for (const [key, value] of Object.entries(set)) {
    const option = schema[key];
    if (option && value !== null && !accepts[option.type](value)) problems.push(`${key} must be ${option.type}, not ${JSON.stringify(value)}`);
  }
  if (problems.length) {
    throw new GitopsError('option-invalid', `${application}: ${problems.join('; ')}`, { hint: `see the charm's options with \`juju config ${application}\`` });
  }
}
