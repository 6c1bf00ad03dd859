import { SerialRunner, type TriggerKind } from './serial.js';
import { watchRepository } from './watch-repo.js';

export interface WatchLoopOptions {
  root: string;
  /** Drift check period; 0 turns the drift check off. */
  intervalMs: number;
  debounceMs?: number;
  signal: AbortSignal;
  /** Runs after the repository changed (`change`, with the paths) or on the interval (`interval`). */
  run: (kind: TriggerKind, paths: string[]) => Promise<void>;
  /** A run that threw: reported, and the loop goes on. */
  onError: (error: unknown) => void;
  /** Reconcile once at start (default true). */
  initialRun?: boolean;
  /** Called once the watcher is ready, before any run. */
  onReady?: () => void;
}

/**
 * The watch loop: repository changes (debounced) and a drift timer feed one serial runner,
 * so reconciles never overlap. Resolves after `signal` aborts and the run in progress ends.
 */
export async function runWatchLoop(opts: WatchLoopOptions): Promise<void> {
  if (opts.signal.aborted) return;
  const runner = new SerialRunner({ debounceMs: opts.debounceMs ?? 150, run: opts.run, onError: opts.onError });
  const watcher = await watchRepository(opts.root, (file) => runner.change(file));
  const timer = opts.intervalMs > 0 ? setInterval(() => runner.interval(), opts.intervalMs) : undefined;
  opts.onReady?.();
  // Start in line with the repository, whatever changed while nobody was watching.
  if (opts.initialRun !== false) runner.change(opts.root);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    else opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  if (timer) clearInterval(timer);
  await watcher.close();
  await runner.stop();
}
