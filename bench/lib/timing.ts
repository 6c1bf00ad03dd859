/**
 * Timing loops shared by the CPU benchmarks. Each measured function runs in its own loop
 * (never interleaved with another), after warm-up runs, with a full garbage collection before
 * every timed run when the process has `--expose-gc`, so no run pays for another's garbage.
 *
 * The figure is the process's CPU time (user + system), and the fastest run is kept: on a
 * machine shared with other work, waiting for a core inflates wall time and cache contention
 * inflates CPU time, but nothing makes a run cheaper than the work it does. A ratio of two
 * pieces of work is taken over adjacent pairs instead (pairedRatio): with a collection before
 * each run, the allocation-heavy runs here vary by a fifth from run to run, and the two sides'
 * fastest runs need not come from the same moment.
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

export interface PairedRatio {
  /** The median over pairs of `work`'s run divided by `floor`'s. */
  ratio: number;
  /** Each pair's ratio, in the order the pairs ran. */
  pairs: number[];
  /** The median run of each side. */
  workMs: number;
  floorMs: number;
}

/**
 * What `work` costs over `floor`, robust to a busy machine: the two run in adjacent pairs (a
 * garbage collection before each run, the order alternating), each pair gives a ratio, and the
 * median pair's is kept. A burst of load, or a collection landing in one run, moves one pair,
 * not the figure; comparing each side's cheapest run instead compares each side's luckiest
 * moment, which need not be the same moment, and on this machine it swings by a fifth.
 */
export async function pairedRatio(work: () => unknown, floor: () => unknown, { runs, warmup = 2 }: TimeOptions): Promise<PairedRatio> {
  for (let i = 0; i < warmup; i++) {
    await floor();
    await work();
  }
  const once = async (fn: () => unknown) => (await timeRuns(fn, { runs: 1, warmup: 0 }))[0].cpuMs;
  const works: number[] = [];
  const floors: number[] = [];
  const pairs: number[] = [];
  for (let i = 0; i < runs; i++) {
    let floorMs: number;
    let workMs: number;
    if (i % 2 === 0) {
      floorMs = await once(floor);
      workMs = await once(work);
    } else {
      workMs = await once(work);
      floorMs = await once(floor);
    }
    floors.push(floorMs);
    works.push(workMs);
    pairs.push(workMs / floorMs);
  }
  return { ratio: median(pairs), pairs, workMs: median(works), floorMs: median(floors) };
}
