import { memoised } from './memo.js';

/**
 * Bases and channels in their canonical spellings: `ubuntu@22.04` (the `/stable` risk is the
 * default and dropped), series names mapped to bases, and charm channels as `track/risk[/branch]`.
 */

const ubuntuSeries: Record<string, string> = {
  precise: '12.04', trusty: '14.04', xenial: '16.04', bionic: '18.04', cosmic: '18.10',
  disco: '19.04', eoan: '19.10', focal: '20.04', groovy: '20.10', hirsute: '21.04',
  impish: '21.10', jammy: '22.04', kinetic: '22.10', lunar: '23.04', mantic: '23.10',
  noble: '24.04', oracular: '24.10', plucky: '25.04', questing: '25.10',
};

export function seriesToBase(series: string): string | undefined {
  const name = series.trim();
  if (ubuntuSeries[name]) return `ubuntu@${ubuntuSeries[name]}`;
  const centos = /^centos(\d+)$/.exec(name);
  if (centos) return `centos@${centos[1]}`;
  return undefined;
}

/** `ubuntu@22.04/stable` → `ubuntu@22.04`; a bare series name is accepted too. */
export function canonicalBase(base: string | undefined): string | undefined {
  return base === undefined ? undefined : canonicalBaseText(base);
}

const canonicalBaseText = memoised((base: string): string | undefined => {
  const trimmed = base.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.includes('@')) return seriesToBase(trimmed) ?? trimmed;
  return trimmed.replace(/\/stable$/, '');
});

const risks = new Set(['stable', 'candidate', 'beta', 'edge']);

/** `stable` → `latest/stable`; `8.0` → `8.0/stable`; `stable/fix` → `latest/stable/fix`. */
export function canonicalChannel(channel: string | undefined): string | undefined {
  return channel === undefined ? undefined : canonicalChannelText(channel);
}

const canonicalChannelText = memoised((channel: string): string | undefined => {
  if (channel.trim() === '') return undefined;
  const parts = channel.trim().split('/');
  if (risks.has(parts[0])) return ['latest', ...parts].join('/');
  if (parts.length === 1) return `${parts[0]}/stable`;
  return parts.join('/');
});
