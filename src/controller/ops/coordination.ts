import { randomUUID } from 'node:crypto';
import type { JournalEntry, JournalEntryInput, LeaseHolder, LeaseResult } from '../../backends/backend.js';
import type { GenerationChanges } from '../../model/live.js';
import type { ModelRow } from '../store/rows.js';
import { recordEvent, type OpsContext } from './context.js';
import { openGeneration } from './settle.js';

/** Takes the model's lease unless another holder's lease is still within its heartbeat. */
export function acquireLease(ctx: OpsContext, model: ModelRow, holder: LeaseHolder, ttlMs: number): LeaseResult {
  return ctx.store.transaction(() => {
    const now = ctx.now().getTime();
    const current = ctx.store.get<{ holder: string; expires_at: number }>('SELECT holder, expires_at FROM leases WHERE model_id = ?', model.id);
    if (current && current.expires_at > now) {
      return { acquired: false, holder: JSON.parse(current.holder) as LeaseHolder, expiresAt: new Date(current.expires_at).toISOString() };
    }
    const leaseId = randomUUID();
    ctx.store.run(
      'INSERT INTO leases (model_id, lease_id, holder, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (model_id) DO UPDATE SET lease_id = excluded.lease_id, holder = excluded.holder, expires_at = excluded.expires_at',
      model.id,
      leaseId,
      JSON.stringify(holder),
      now + ttlMs,
    );
    recordEvent(ctx, model.name, 'lease-acquired', holder.purpose, { host: holder.host, pid: holder.pid });
    return { acquired: true, leaseId };
  });
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

export function appendJournal(ctx: OpsContext, model: ModelRow, entries: JournalEntryInput[]): void {
  ctx.store.transaction(() => {
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
): void {
  ctx.store.transaction(() => {
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
