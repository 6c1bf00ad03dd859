/**
 * Timing loops shared by the CPU benchmarks. Each measured function runs in its own loop
 * (never interleaved with another), after warm-up runs, with a full garbage collection before
 * every timed run when the process has `--expose-gc`, so no run pays for another's garbage.
 *
 * The figure is the process's CPU time (user + system), and the fastest run is kept: on a
 * machine shared with other work, waiting for a core inflates wall time and cache contention
 * inflates CPU time, but nothing makes a run cheaper than the work it does.
 */
import { performance } from 'node:perf_hooks';

export function median(values: number[]): number {
  return quantile(values, 0.5);
}

/** The value below which a fraction `q` of the samples lie (nearest rank). */
export function quantile(values: number[], q: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

const collect = (globalThis as { gc?: () => void }).gc;

/** True when timings are taken with a GC between runs (the bench scripts pass --expose-gc). */
export const gcBetweenRuns = typeof collect === 'function';

export interface TimeOptions {
  runs: number;
  warmup?: number;
}

export interface Sample {
  cpuMs: number;
  wallMs: number;
}

/** CPU and wall milliseconds of each timed run of `fn`. */
export async function timeRuns(fn: () => unknown, { runs, warmup = 2 }: TimeOptions): Promise<Sample[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    collect?.();
    const wall = performance.now();
    const cpu = process.cpuUsage();
    await fn();
    const used = process.cpuUsage(cpu);
    samples.push({ cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wall });
  }
  return samples;
}

/** CPU milliseconds of the cheapest run of `fn` (see timeRuns). */
export async function bestCpuMs(fn: () => unknown, options: TimeOptions): Promise<number> {
  return Math.min(...(await timeRuns(fn, options)).map((s) => s.cpuMs));
}

/**
 * The cheapest CPU run of each function, timed in rounds: every round runs each function's
 * own loop of `runs` in turn, so a burst of load from elsewhere falls on both sides alike
 * rather than on whichever happened to run then.
 */
export async function bestCpuMsInRounds<K extends string>(fns: Record<K, () => unknown>, { runs, rounds, warmup = 2 }: TimeOptions & { rounds: number }): Promise<Record<K, number>> {
  const best = {} as Record<K, number>;
  for (let round = 0; round < rounds; round++) {
    for (const [name, fn] of Object.entries(fns) as [K, () => unknown][]) {
      const ms = await bestCpuMs(fn, { runs, warmup: round === 0 ? warmup : 0 });
      best[name] = Math.min(best[name] ?? Infinity, ms);
    }
  }
  return best;
}

export interface RoundsRatio {
  /** The median over rounds of each round's cheapest `work` run divided by its cheapest `floor` run. */
  ratio: number;
  /** Each round's ratio, in the order the rounds ran. */
  rounds: number[];
  /** The cheapest run of each side over all rounds. */
  workMs: number;
  floorMs: number;
}

/**
 * What `work` costs over `floor`, robust to a busy machine: every round times each side in its
 * own loop of `runs` (as bestCpuMs) and divides the two, and the median round's ratio is kept.
 * A burst of load, or a collection landing in one side's runs, moves one round, not the figure,
 * where a ratio of the overall cheapest runs takes each side's luckiest moment, which need not
 * be the same moment.
 */
export async function ratioInRounds(work: () => unknown, floor: () => unknown, { runs, rounds, warmup = 2 }: TimeOptions & { rounds: number }): Promise<RoundsRatio> {
  const ratios: number[] = [];
  let workMs = Infinity;
  let floorMs = Infinity;
  for (let round = 0; round < rounds; round++) {
    const floorBest = await bestCpuMs(floor, { runs, warmup: round === 0 ? warmup : 0 });
    const workBest = await bestCpuMs(work, { runs, warmup: round === 0 ? warmup : 0 });
    ratios.push(workBest / floorBest);
    workMs = Math.min(workMs, workBest);
    floorMs = Math.min(floorMs, floorBest);
  }
  return { ratio: median(ratios), rounds: ratios, workMs, floorMs };
}
