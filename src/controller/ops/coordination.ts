import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { JournalEntry, JournalEntryInput, LeaseFence, LeaseHolder, LeaseResult } from '../../model/backend-data.js';
import { ExitCode, GitopsError } from '../../model/errors.js';
import { isAlive, processStartTime } from '../host-processes.js';
import type { GenerationChanges } from '../../model/live.js';
import type { ModelRow } from '../store/rows.js';
import { recordEvent, type OpsContext } from './context.js';
import { openGeneration } from './settle.js';

/**
 * Takes the model's lease unless another holder's lease is still within its heartbeat. A holder
 * on this same host whose process is gone (its pid dead, or reused by another process) cannot
 * renew: its lease is taken over at once instead of after its TTL.
 */
export function acquireLease(ctx: OpsContext, model: ModelRow, holder: LeaseHolder, ttlMs: number): LeaseResult {
  return ctx.store.transaction(() => {
    const now = ctx.now().getTime();
    const current = ctx.store.get<{ holder: string; expires_at: number }>('SELECT holder, expires_at FROM leases WHERE model_id = ?', model.id);
    const previous = current ? (JSON.parse(current.holder) as LeaseHolder) : undefined;
    const gone = previous !== undefined && holderIsGone(previous);
    if (current && previous && current.expires_at > now && !gone) {
      return { acquired: false, holder: previous, expiresAt: new Date(current.expires_at).toISOString() };
    }
    const leaseId = randomUUID();
    ctx.store.run(
      'INSERT INTO leases (model_id, lease_id, holder, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (model_id) DO UPDATE SET lease_id = excluded.lease_id, holder = excluded.holder, expires_at = excluded.expires_at',
      model.id,
      leaseId,
      JSON.stringify(holder),
      now + ttlMs,
    );
    recordEvent(ctx, model.name, 'lease-acquired', holder.purpose, {
      host: holder.host, pid: holder.pid, since: holder.since, ...(holder.commit ? { commit: holder.commit } : {}), ...(gone ? { tookOverFrom: previous } : {}),
    });
    return { acquired: true, leaseId, ...(gone && current!.expires_at > now ? { tookOverFrom: previous } : {}) };
  });
}

/** The holder ran on this host and its process is no longer there. */
function holderIsGone(holder: LeaseHolder): boolean {
  if (holder.host !== hostname()) return false;
  if (!isAlive(holder.pid)) return true;
  return holder.pidStart !== undefined && processStartTime(holder.pid) !== holder.pidStart;
}

/**
 * Refuses a write made under a lease that is no longer the model's current one. Called in the
 * same synchronous step as the write it guards, so no other request can take the lease between.
 */
export function checkFence(ctx: OpsContext, model: ModelRow, fence: LeaseFence | undefined): void {
  if (!fence) return;
  const current = ctx.store.get<{ lease_id: string; holder: string }>('SELECT lease_id, holder FROM leases WHERE model_id = ?', model.id);
  if (current?.lease_id === fence.leaseId) return;
  const taker = current ? describeLeaseHolder(JSON.parse(current.holder) as LeaseHolder) : lastHolder(ctx, model);
  throw new GitopsError('lease-lost', `lost the lease on model ${model.name} to ${taker}`, {
    hint: 'this run was paused or cut off longer than the lease lives; the other run carries on, and `juju-gitops history` shows both',
    exitCode: ExitCode.leaseLost,
  });
}

/** The run that took the lease last, when it has released it since (finished while we were away). */
function lastHolder(ctx: OpsContext, model: ModelRow): string {
  const event = ctx.store.get<{ subject: string; data: string }>(
    `SELECT subject, data FROM events WHERE model = ? AND kind = 'lease-acquired' ORDER BY seq DESC LIMIT 1`,
    model.name,
  );
  if (!event) return 'nobody: it expired';
  const data = JSON.parse(event.data) as Omit<LeaseHolder, 'purpose'>;
  return `${describeLeaseHolder({ ...data, purpose: event.subject, since: data.since ?? '?' })}, which has finished since`;
}

export function describeLeaseHolder(holder: LeaseHolder): string {
  const commit = holder.commit ? `, commit ${holder.commit.slice(0, 12)}` : '';
  return `${holder.purpose} on host ${holder.host}, pid ${holder.pid}${commit}, since ${holder.since}`;
}

/** A heartbeat: succeeds while the lease is still this holder's, even just past its expiry. */
export function renewLease(ctx: OpsContext, model: ModelRow, leaseId: string, ttlMs: number): boolean {
  return ctx.store.run('UPDATE leases SET expires_at = ? WHERE model_id = ? AND lease_id = ?', ctx.now().getTime() + ttlMs, model.id, leaseId).changes === 1;
}

export function releaseLease(ctx: OpsContext, model: ModelRow, leaseId: string): void {
  if (ctx.store.run('DELETE FROM leases WHERE model_id = ? AND lease_id = ?', model.id, leaseId).changes) {
    recordEvent(ctx, model.name, 'lease-released', null);
  }
}

export function appendJournal(ctx: OpsContext, model: ModelRow, entries: JournalEntryInput[], fence?: LeaseFence): void {
  ctx.store.transaction(() => {
    checkFence(ctx, model, fence);
    const at = ctx.now().toISOString();
    for (const e of entries) {
      ctx.store.run(
        'INSERT INTO journal (model_id, run_id, kind, change_id, unit, data, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        model.id,
        e.runId,
        e.kind,
        e.changeId ?? null,
        e.unit ?? null,
        e.data === undefined ? null : JSON.stringify(e.data),
        at,
      );
    }
  });
}

/** Entries in the order written; with `limit`, the most recent ones. */
export function readJournal(ctx: OpsContext, model: ModelRow, query: { runId?: string; limit?: number } = {}): JournalEntry[] {
  const rows = ctx.store.all<{ seq: number; run_id: string; kind: JournalEntry['kind']; change_id: string | null; unit: string | null; data: string | null; at: string }>(
    `SELECT * FROM (SELECT * FROM journal WHERE model_id = ? AND (? IS NULL OR run_id = ?) ORDER BY seq DESC LIMIT ?) ORDER BY seq`,
    model.id,
    query.runId ?? null,
    query.runId ?? null,
    query.limit ?? -1,
  );
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    runId: r.run_id,
    kind: r.kind,
    ...(r.change_id !== null ? { changeId: r.change_id } : {}),
    ...(r.unit !== null ? { unit: r.unit } : {}),
    ...(r.data !== null ? { data: JSON.parse(r.data) as Record<string, unknown> } : {}),
  }));
}

/** Opens, replaces or (with null) closes the model's generation; units keep their tracking. */
export function setGeneration(
  ctx: OpsContext,
  model: ModelRow,
  generation: { name: string; applications: Record<string, GenerationChanges> } | null,
  fence?: LeaseFence,
): void {
  ctx.store.transaction(() => {
    checkFence(ctx, model, fence);
    const open = openGeneration(ctx, model);
    const now = ctx.now().toISOString();
    if (open && generation && open.name === generation.name) {
      ctx.store.run('UPDATE generations SET applications = ? WHERE id = ?', JSON.stringify(generation.applications), open.id);
    } else {
      if (open) ctx.store.run('UPDATE generations SET closed_at = ? WHERE id = ?', now, open.id);
      if (generation) {
        ctx.store.run(
          'INSERT INTO generations (model_id, name, created_at, applications) VALUES (?, ?, ?, ?)',
          model.id,
          generation.name,
          now,
          JSON.stringify(generation.applications),
        );
      }
    }
    recordEvent(ctx, model.name, generation ? 'set-generation' : 'close-generation', generation?.name ?? open?.name ?? null, generation?.applications);
  });
}
