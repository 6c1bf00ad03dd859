import type { ServerResponse } from 'node:http';

export interface StatusStreamOptions {
  /** Renders what every client receives; called once per push however many clients listen. */
  render: () => Promise<string>;
  /** Pushes at least this often while someone listens, for changes nobody announced (a unit's status). */
  intervalMs: number;
  /** Announced changes closer together than this become one push. */
  minGapMs: number;
  /** Told when a render fails (the push is skipped). */
  onError?: (error: unknown) => void;
}

/**
 * Server-Sent Events for the status page: each push is one `status` event carrying the new
 * rendering. Pushes happen when the watch announces a change and on an interval, never two at
 * once, never more often than `minGapMs`, and only while a client listens. A render that fails
 * is skipped (the next one tries again); the page keeps what it has.
 */
export class StatusStream {
  private readonly clients = new Set<ServerResponse>();
  private timer: NodeJS.Timeout | undefined;
  private pushing = false;
  private again = false;
  private lastPush = 0;
  private closed = false;

  constructor(private readonly opts: StatusStreamOptions) {}

  get listeners(): number {
    return this.clients.size;
  }

  add(res: ServerResponse): void {
    if (this.closed) {
      res.end();
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      Connection: 'keep-alive',
    });
    // Tells EventSource how long to wait before it reconnects after the watch restarts.
    res.write('retry: 2000\n\n');
    this.clients.add(res);
    res.on('close', () => {
      this.clients.delete(res);
      if (!this.clients.size) this.stopTimer();
    });
    this.startTimer();
    this.notify();
  }

  /** Something changed: push soon. */
  notify(): void {
    if (!this.clients.size || this.closed) return;
    if (this.pushing) {
      this.again = true;
      return;
    }
    const wait = this.lastPush + this.opts.minGapMs - Date.now();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    void this.push();
  }

  close(): void {
    this.closed = true;
    this.stopTimer();
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private pending: NodeJS.Timeout | undefined;

  private schedule(ms: number): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.notify();
    }, ms);
    this.pending.unref();
  }

  private async push(): Promise<void> {
    this.pushing = true;
    this.again = false;
    try {
      const html = await this.opts.render();
      const event = `event: status\n${html.replace(/\r\n?/g, '\n').split('\n').map((line) => `data: ${line}`).join('\n')}\n\n`;
      for (const res of this.clients) res.write(event);
    } catch (error) {
      // The page keeps the last status and the next push retries; the watch says what failed.
      this.opts.onError?.(error);
    } finally {
      this.lastPush = Date.now();
      this.pushing = false;
    }
    if (this.again) this.notify();
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.notify(), this.opts.intervalMs);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.timer = undefined;
    this.pending = undefined;
  }
}
