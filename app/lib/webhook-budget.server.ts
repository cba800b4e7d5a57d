// Webhook senders count a slow answer as a failure (Shopify waits 5 s, notes/shopify.md §4;
// BigCommerce blocklists a destination whose deliveries fail or time out, notes/bigcommerce.md §4).
// A delivery's work gets a time budget: within it the route answers with the outcome; past it the
// route answers at once and the work finishes in the background, its outcome going to `later`.

export type Budgeted<T> = { late: false; value: T } | { late: true };

const LATE = Symbol("late");

/** Waits at most `ms` for `work`. A failure within the budget is thrown; one after it goes to `later.failed`. */
export async function withinBudget<T>(
  work: Promise<T>,
  ms: number,
  later: { done(value: T): void; failed(error: unknown): void | Promise<void> },
): Promise<Budgeted<T>> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(() => resolve(LATE), ms);
  });
  try {
    const outcome = await Promise.race([work, late]);
    if (outcome === LATE) {
      work.then(later.done, later.failed);
      return { late: true };
    }
    return { late: false, value: outcome };
  } finally {
    clearTimeout(timer);
  }
}
