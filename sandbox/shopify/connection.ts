// Relay connections as Shopify serves them: opaque cursors, first/after or last/before (one of
// first or last is required), at most 250 per page (https://shopify.dev/api/usage/limits).
import { GraphQLError } from "graphql";

export const MAX_PAGE_SIZE = 250;

export interface ConnectionArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
  reverse?: boolean | null;
}

type Key = (string | number)[];

function encodeCursor(key: Key): string {
  return Buffer.from(JSON.stringify({ k: key })).toString("base64url");
}

function decodeCursor(cursor: string): Key {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (parsed && typeof parsed === "object" && "k" in parsed && Array.isArray(parsed.k)) return parsed.k as Key;
  } catch {
    // fall through
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort.`, { extensions: { code: "BAD_REQUEST" } });
}

function compareKeys(a: Key, b: Key): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Checks first/last like Shopify does and returns the page size. */
export function pageSize(args: ConnectionArgs): { first: number | null; last: number | null } {
  const first = args.first ?? null;
  const last = args.last ?? null;
  if (first === null && last === null) {
    throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  }
  for (const [name, n] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (n !== null && (n < 0 || n > MAX_PAGE_SIZE)) {
      throw new GraphQLError(`The ${name} argument must be between 0 and ${MAX_PAGE_SIZE}.`, { extensions: { code: "BAD_REQUEST" } });
    }
  }
  return { first, last };
}

/** A keyset-paginated connection over items; `key` gives the sort key (ending in a unique id). */
export function connection<T>(items: T[], args: ConnectionArgs, key: (item: T) => Key) {
  const { first, last } = pageSize(args);
  const dir = args.reverse ? -1 : 1;
  let list = items.map((node) => ({ node, key: key(node) })).sort((a, b) => dir * compareKeys(a.key, b.key));
  const total = list.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    list = list.filter((e) => dir * compareKeys(e.key, after) > 0);
  }
  const skippedBefore = total - list.length;
  if (args.before) {
    const before = decodeCursor(args.before);
    list = list.filter((e) => dir * compareKeys(e.key, before) < 0);
  }
  let hasNextPage = false;
  let hasPreviousPage = skippedBefore > 0;
  if (first !== null && list.length > first) {
    list = list.slice(0, first);
    hasNextPage = true;
  }
  if (last !== null && list.length > last) {
    list = list.slice(list.length - last);
    hasPreviousPage = true;
  }
  const edges = list.map((e) => ({ cursor: encodeCursor(e.key), node: e.node }));
  return {
    edges,
    nodes: edges.map((e) => e.node),
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
