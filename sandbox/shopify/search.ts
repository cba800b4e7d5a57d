// Shopify's search syntax for the `query` argument (https://shopify.dev/api/usage/search-syntax):
// terms `field:value`, comparators `:>`, `:>=`, `:<`, `:<=`, quoted values, `-`/NOT negation,
// implicit AND, and OR between groups. Unknown fields are ignored, as Shopify does (it only warns).

export interface SearchTerm {
  field: string | null;
  op: "=" | ">" | ">=" | "<" | "<=";
  value: string;
  negated: boolean;
}

/** OR of AND-groups. */
export type SearchQuery = SearchTerm[][];

export function parseSearch(query: string | null | undefined): SearchQuery {
  if (!query?.trim()) return [];
  const tokens: string[] = [];
  const re = /\s*((?:[^\s"'()]|"[^"]*"|'[^']*')+)/g;
  for (const m of query.replace(/[()]/g, " ").matchAll(re)) tokens.push(m[1]!);
  const groups: SearchQuery = [[]];
  let negateNext = false;
  for (const token of tokens) {
    if (token === "AND") continue;
    if (token === "OR") {
      groups.push([]);
      continue;
    }
    if (token === "NOT") {
      negateNext = true;
      continue;
    }
    let raw = token;
    let negated = negateNext;
    negateNext = false;
    if (raw.startsWith("-")) {
      negated = true;
      raw = raw.slice(1);
    }
    const m = /^([a-z_]+):(>=|<=|>|<)?(.*)$/i.exec(raw);
    if (m) {
      groups[groups.length - 1]!.push({ field: m[1]!.toLowerCase(), op: (m[2] as SearchTerm["op"]) ?? "=", value: unquote(m[3]!), negated });
    } else {
      groups[groups.length - 1]!.push({ field: null, op: "=", value: unquote(raw), negated });
    }
  }
  return groups.filter((g) => g.length > 0);
}

function unquote(v: string): string {
  return v.replace(/^(['"])(.*)\1$/, "$2");
}

export type FieldKind = "text" | "date" | "number" | "id" | "idList";

/** What a searchable record exposes: field name → kind and value(s). `default` fields take free text. */
export interface Searchable {
  fields: Record<string, { kind: FieldKind; value: string | number | null | (string | number)[] }>;
  defaultText: string[];
}

export function matchesSearch(query: SearchQuery, record: Searchable): boolean {
  if (query.length === 0) return true;
  return query.some((group) => group.every((term) => termMatches(term, record) !== term.negated));
}

function termMatches(term: SearchTerm, record: Searchable): boolean {
  if (term.field === null) {
    const needle = term.value.toLowerCase();
    return record.defaultText.some((t) => t.toLowerCase().includes(needle));
  }
  const f = record.fields[term.field];
  if (!f) return true; // unknown filter: ignored
  const values = Array.isArray(f.value) ? f.value : [f.value];
  return values.some((v) => compare(f.kind, v, term));
}

function numericId(v: string | number): number {
  if (typeof v === "number") return v;
  const n = Number(v.slice(v.lastIndexOf("/") + 1));
  return Number.isFinite(n) ? n : Number.NaN;
}

function compare(kind: FieldKind, value: string | number | null, term: SearchTerm): boolean {
  if (value === null) return false;
  if (kind === "idList") {
    const wanted = term.value.split(",").map((s) => numericId(s.trim()));
    return wanted.includes(numericId(value));
  }
  let a: number;
  let b: number;
  if (kind === "date") {
    a = Date.parse(String(value));
    b = Date.parse(term.value);
  } else if (kind === "number" || kind === "id") {
    a = numericId(value);
    b = numericId(term.value);
  } else {
    const text = String(value).toLowerCase();
    const needle = term.value.toLowerCase();
    if (term.op !== "=") return false;
    return needle.endsWith("*") ? text.startsWith(needle.slice(0, -1)) : text === needle;
  }
  if (Number.isNaN(a) || Number.isNaN(b)) return false;
  switch (term.op) {
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    default:
      return a === b;
  }
}
