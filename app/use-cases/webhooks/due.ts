// The rows of an outbox (webhook deliveries, notifications) that a run may take now: waiting ones
// whose time has come, and claimed ones whose lease ran out (their worker died mid-way).
export function dueNow(now: Date) {
  return {
    OR: [
      { state: "PENDING", nextAttemptAt: { lte: now } },
      { state: "IN_FLIGHT", leaseUntil: { lt: now } },
    ],
  };
}
