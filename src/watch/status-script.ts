import { createHash } from 'node:crypto';

/**
 * The page's only script: it follows `/events` (Server-Sent Events) and swaps in each new
 * rendering of `<main>`, keeping open the history entries the reader opened. Without it (or
 * without JavaScript) the page is a snapshot that a `<noscript>` refresh renews.
 */
export const statusScript = `(() => {
  const main = document.getElementById('status');
  const live = document.getElementById('live');
  if (!main || !live || !window.EventSource) return;
  const say = (text, cls) => { live.textContent = text; live.className = 'badge ' + cls; };
  const source = new EventSource('/events');
  source.addEventListener('status', (event) => {
    const open = Array.from(main.querySelectorAll('details[open][id]'), (d) => d.id);
    main.innerHTML = event.data;
    for (const id of open) { const d = document.getElementById(id); if (d) d.open = true; }
    say('live', 'live');
  });
  source.addEventListener('error', () => say('reconnecting', 'stale'));
})();`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/** The page may run this script and this style and nothing else, and talk only to its own server. */
export function statusPagePolicy(style: string): string {
  return `default-src 'none'; script-src ${hash(statusScript)}; style-src ${hash(style)}; connect-src 'self'; img-src 'none'; base-uri 'none'; form-action 'none'`;
}
