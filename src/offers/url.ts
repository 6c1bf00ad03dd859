import { parseOfferUrl } from '../bundle/offer-url.js';

/**
 * One spelling per offer, `controller:owner/model.offer`: a URL without a controller means the
 * consuming model's own, and one without an owner means `admin`, the local controller's user
 * (Juju fills in the logged-in user). Undefined for a URL that is not an offer URL.
 */
export function fullOfferUrl(url: string, defaultController: string): string | undefined {
  const parts = parseOfferUrl(url);
  if (!parts) return undefined;
  return `${parts.controller ?? defaultController}:${parts.owner ?? 'admin'}/${parts.model}.${parts.offer}`;
}

/** The URL as a user of `controller` writes it: its own controller's prefix left out. */
export function shortOfferUrl(full: string, controller: string): string {
  return full.startsWith(`${controller}:`) ? full.slice(controller.length + 1) : full;
}
