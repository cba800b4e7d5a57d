// A lease in the database, so that one job for a given shop and connection never runs twice at
// once, also across worker processes (DESIGN.md §Jobs). A lease is a JobLease row: whoever holds
// an unexpired row owns the job; an expired row (a crashed holder) may be taken over.
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "~/db.server";
import { isBusy, isUniqueViolation } from "./dbErrors";

export interface LeaseClock {
  now(): Date;
}

/** A lease key: job name, then shop, then connection when the job is per connection. */
export function leaseKey(job: string, shopId: string | null, connectionId?: string | null): string {
  return [job, shopId ?? "*", connectionId].filter((part) => part !== undefined && part !== null).join(":");
}

/** A unique owner id per run: host, process and a random part. */
export function newLeaseOwner(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

/**
 * Takes the lease `key` for `ttlMs` if it is free or expired (or already ours). Returns false when
 * someone else holds it. The insert and the takeover are each one conditional statement, so two
 * processes racing for the same key cannot both win.
 */
export async function acquireLease(
  db: Db,
  clock: LeaseClock,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const now = clock.now();
  const until = new Date(now.getTime() + ttlMs);
  try {
    await db.jobLease.create({ data: { key, owner, until } });
    return true;
  } catch (error) {
    if (isBusy(error)) return false;
    if (!isUniqueViolation(error)) throw error;
  }
  try {
    const taken = await db.jobLease.updateMany({
      where: { key, OR: [{ until: { lt: now } }, { owner }] },
      data: { owner, until },
    });
    return taken.count === 1;
  } catch (error) {
    if (isBusy(error)) return false;
    throw error;
  }
}

/** Extends our lease; false when it is no longer ours (it expired and someone took it over). */
export async function renewLease(
  db: Db,
  clock: LeaseClock,
  key: string,
  owner: string,
  ttlMs: number,
): Promise<boolean> {
  const until = new Date(clock.now().getTime() + ttlMs);
  const renewed = await db.jobLease.updateMany({ where: { key, owner }, data: { until } });
  return renewed.count === 1;
}

/** Gives the lease back (only if it is still ours). */
export async function releaseLease(db: Db, key: string, owner: string): Promise<void> {
  await db.jobLease.deleteMany({ where: { key, owner } });
}
