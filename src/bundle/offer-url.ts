/** The parts of an offer URL, `[controller:][owner/]model.offer` (JUJU-FORMATS §6.1). */
export interface OfferUrlParts {
  controller?: string;
  owner?: string;
  model: string;
  offer: string;
}

const form = /^(?:([^:/]+):)?(?:([^/]+)\/)?([a-z0-9][a-z0-9-]*)\.([a-z][a-z0-9-]*)$/;

/** The parts of an offer URL as `juju consume` accepts it, or undefined for anything else. */
export function parseOfferUrl(url: string): OfferUrlParts | undefined {
  const match = form.exec(url.trim());
  if (!match) return undefined;
  return { ...(match[1] ? { controller: match[1] } : {}), ...(match[2] ? { owner: match[2] } : {}), model: match[3], offer: match[4] };
}
