/**
 * What every benchmark prints and how it fails. Each figure is one JSON line
 * `{"bench","metric","value","unit","target"}`; a target is an upper bound unless the line
 * also says `"bound":"min"`. A missed target, or a measurement found broken (a figure below
 * its own floor, a blind negative control), is listed at the end and makes the process exit 1.
 */
export type Bound = 'max' | 'min';

export interface Metric {
  bench: string;
  metric: string;
  value: number;
  unit: string;
  target: number | null;
  bound?: 'min';
}

export interface Report {
  /** Prints one figure's JSON line and checks it against its target (≤, or ≥ with bound 'min'). */
  metric(name: string, value: number, unit: string, target: number | null, bound?: Bound): void;
  /** Records a failed sanity check: the figures cannot be trusted, so the bench fails. */
  broken(reason: string): void;
  /** Prints the verdict and sets the exit code; call last. */
  finish(): void;
}

export function createReport(bench: string, digits = 3): Report {
  const failures: string[] = [];
  return {
    metric(name, value, unit, target, bound = 'max') {
      const line: Metric = { bench, metric: name, value: Number(value.toFixed(digits)), unit, target };
      if (bound === 'min') line.bound = 'min';
      console.log(JSON.stringify(line));
      if (target === null) return;
      const met = bound === 'min' ? line.value >= target : line.value <= target;
      if (!met) failures.push(`${name} = ${line.value} ${unit}, target ${bound === 'min' ? '≥' : '≤'} ${target}`);
    },
    broken(reason) {
      failures.push(`broken measurement: ${reason}`);
    },
    finish() {
      if (!failures.length) {
        console.log(`${bench}: every target met`);
        return;
      }
      for (const failure of failures) console.error(`${bench}: FAILED ${failure}`);
      process.exitCode = 1;
    },
  };
}

/** A bench that throws (a rollout that did not finish, a deploy that failed) fails too. */
export async function runBench(bench: string, body: (report: Report) => Promise<void> | void): Promise<void> {
  const report = createReport(bench);
  try {
    await body(report);
  } catch (error) {
    report.broken(error instanceof Error ? error.message : String(error));
  }
  report.finish();
}
