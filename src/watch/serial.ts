export type TriggerKind = 'change' | 'interval';

export interface SerialRunnerOptions {
  /** Quiet time after the last change before running, so a burst of writes is one run. */
  debounceMs: number;
  run: (kind: TriggerKind, paths: string[]) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * Runs reconciles one at a time. Changes are debounced and coalesced: whatever changes while a
 * run is going on leads to exactly one more run after it. An interval tick that finds a run in
 * progress is dropped, since that run already looks at the current state.
 */
export class SerialRunner {
  private running: Promise<void> | undefined;
  private pendingPaths = new Set<string>();
  private pendingChange = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly opts: SerialRunnerOptions) {}

  change(path: string): void {
    if (this.stopped) return;
    this.pendingPaths.add(path);
    this.pendingChange = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.kick();
    }, this.opts.debounceMs);
  }

  interval(): void {
    if (this.stopped || this.running || this.pendingChange) return;
    this.start('interval', []);
  }

  /** Stops accepting triggers and resolves once the run in progress (if any) has finished. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    while (this.running) await this.running;
  }

  /** Resolves when nothing is running or waiting to run. */
  async idle(): Promise<void> {
    while (this.running || this.timer) await (this.running ?? new Promise((r) => setTimeout(r, this.opts.debounceMs)));
  }

  private kick(): void {
    if (this.running || this.stopped || !this.pendingChange) return;
    const paths = [...this.pendingPaths];
    this.pendingPaths.clear();
    this.pendingChange = false;
    this.start('change', paths);
  }

  private start(kind: TriggerKind, paths: string[]): void {
    this.running = this.opts
      .run(kind, paths)
      .catch((error) => this.opts.onError(error))
      .finally(() => {
        this.running = undefined;
        if (!this.timer) this.kick();
      });
  }
}
