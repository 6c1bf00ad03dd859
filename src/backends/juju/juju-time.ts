const months: Record<string, string> = { Jan: '01', Feb: '02', Mar: '03', Apr: '04', May: '05', Jun: '06', Jul: '07', Aug: '08', Sep: '09', Oct: '10', Nov: '11', Dec: '12' };

/**
 * Juju's status times (`24 Feb 2025 16:59:43+13:00`, `09 Jun 2025 11:04:48Z`) as ISO-8601.
 * Anything else (relative times such as "18 hours ago", or nothing, as 4.0 prints for unit
 * agents) gives undefined: an unknown time, never a guessed one.
 */
export function parseJujuTime(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  const m = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2})(Z|[+-]\d{2}:\d{2})$/.exec(text.trim());
  if (!m || !months[m[2]]) return undefined;
  const date = new Date(`${m[3]}-${months[m[2]]}-${m[1].padStart(2, '0')}T${m[4]}:${m[5]}:${m[6]}${m[7]}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
