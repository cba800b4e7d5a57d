// Query cost and the leaky bucket, after Shopify's published rules (notes/shopify.md §3;
// https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits): scalars and enums cost 0,
// objects 1, a connection 2 + first × (cost of one node), a mutation 10. The requested cost is
// taken from the bucket up front; after execution the difference to the actual cost (counted over
// what was really returned) is given back.
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  isCompositeType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLOutputType,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function included(node: FieldNode | { directives?: FieldNode["directives"] }, variables: Record<string, unknown>): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node, variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node, variables);
  return include?.if !== false;
}

function isConnection(type: GraphQLNamedType): type is GraphQLObjectType {
  return isObjectType(type) && type.name.endsWith("Connection") && "pageInfo" in type.getFields();
}

function unwrapList(type: GraphQLOutputType): boolean {
  const t = isNonNullType(type) ? type.ofType : type;
  return isListType(t);
}

function listOf(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/**
 * Cost of a selection set. With `data` undefined it is the requested cost (sizes from first/last);
 * with data it is the actual cost (sizes from what came back).
 */
function selectionCost(ctx: CostContext, set: SelectionSetNode, parent: GraphQLNamedType, data: unknown, actual: boolean): number {
  let cost = 0;
  for (const sel of set.selections) {
    if (!included(sel, ctx.variables)) continue;
    if (sel.kind === Kind.INLINE_FRAGMENT) {
      const type = sel.typeCondition ? (ctx.schema.getType(sel.typeCondition.name.value) ?? parent) : parent;
      cost += selectionCost(ctx, sel.selectionSet, type, data, actual);
      continue;
    }
    if (sel.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = ctx.fragments[sel.name.value];
      if (!fragment) continue;
      const type = ctx.schema.getType(fragment.typeCondition.name.value) ?? parent;
      cost += selectionCost(ctx, fragment.selectionSet, type, data, actual);
      continue;
    }
    cost += fieldCost(ctx, sel, parent, data, actual);
  }
  return cost;
}

function fieldCost(ctx: CostContext, field: FieldNode, parent: GraphQLNamedType, data: unknown, actual: boolean): number {
  if (!isObjectType(parent) && !("getFields" in parent)) return 0;
  const defs = (parent as GraphQLObjectType).getFields();
  const def = defs[field.name.value];
  if (!def || !field.selectionSet) return 0;
  const named = getNamedType(def.type);
  if (isLeafType(named) || !isCompositeType(named)) return 0;
  const value = actual ? asRecord(data)?.[field.alias?.value ?? field.name.value] : undefined;
  if (actual && (value === null || value === undefined)) return 0;
  const args = getArgumentValues(def, field, ctx.variables);
  if (isConnection(named)) {
    const fields = named.getFields();
    const nodeType = getNamedType(fields.nodes!.type);
    const conn = asRecord(value);
    const size = Number(args.first ?? args.last ?? 0);
    let cost = 2;
    for (const sel of field.selectionSet.selections) {
      if (sel.kind !== Kind.FIELD || !sel.selectionSet) continue;
      const key = sel.alias?.value ?? sel.name.value;
      if (sel.name.value === "nodes") {
        if (!actual) cost += size * (1 + selectionCost(ctx, sel.selectionSet, nodeType, undefined, false));
        else for (const n of listOf(conn?.[key])) cost += n ? 1 + selectionCost(ctx, sel.selectionSet, nodeType, n, true) : 0;
      } else if (sel.name.value === "edges") {
        for (const inner of sel.selectionSet.selections) {
          if (inner.kind !== Kind.FIELD || inner.name.value !== "node" || !inner.selectionSet) continue;
          const innerKey = inner.alias?.value ?? "node";
          if (!actual) cost += size * (1 + selectionCost(ctx, inner.selectionSet, nodeType, undefined, false));
          else {
            for (const edge of listOf(conn?.[key])) {
              const n = asRecord(edge)?.[innerKey];
              cost += n ? 1 + selectionCost(ctx, inner.selectionSet, nodeType, n, true) : 0;
            }
          }
        }
      }
    }
    return cost;
  }
  if (unwrapList(def.type)) {
    if (actual) {
      const items = Array.isArray(value) ? value : [];
      return items.reduce<number>((s, item) => s + (item ? 1 + selectionCost(ctx, field.selectionSet!, named, item, true) : 0), 0);
    }
    const size = typeof args.first === "number" ? args.first : 1;
    return size * (1 + selectionCost(ctx, field.selectionSet, named, undefined, false));
  }
  return 1 + selectionCost(ctx, field.selectionSet, named, value, actual);
}

/** Requested cost, or the actual cost when the execution result's data is given. */
export function operationCost(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: unknown,
): number {
  const ctx: CostContext = { schema, fragments, variables };
  if (operation.operation === "mutation") {
    const roots = operation.selectionSet.selections.filter((s) => s.kind === Kind.FIELD && s.name.value !== "__typename");
    return MUTATION_COST * Math.max(1, roots.length);
  }
  const root = schema.getQueryType();
  if (!root) return 0;
  return selectionCost(ctx, operation.selectionSet, root, data, data !== undefined);
}

export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** Shopify's per app-and-shop leaky bucket: refills at restoreRate points per second up to maximumAvailable. */
export class LeakyBucket {
  private available: number;
  private at: number;

  constructor(
    public maximumAvailable: number,
    public restoreRate: number,
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.available = maximumAvailable;
    this.at = clock();
  }

  private refill(): void {
    const now = this.clock();
    this.available = Math.min(this.maximumAvailable, this.available + ((now - this.at) / 1000) * this.restoreRate);
    this.at = now;
  }

  /** Takes `cost` points if they are available now. */
  take(cost: number): boolean {
    this.refill();
    if (cost > this.available) return false;
    this.available -= cost;
    return true;
  }

  refund(points: number): void {
    this.refill();
    this.available = Math.min(this.maximumAvailable, this.available + Math.max(0, points));
  }

  configure(opts: { maximumAvailable?: number; restoreRate?: number; currentlyAvailable?: number }): void {
    this.refill();
    if (opts.maximumAvailable !== undefined) this.maximumAvailable = opts.maximumAvailable;
    if (opts.restoreRate !== undefined) this.restoreRate = opts.restoreRate;
    this.available = Math.min(this.maximumAvailable, opts.currentlyAvailable ?? this.available);
  }

  status(): ThrottleStatus {
    this.refill();
    return {
      maximumAvailable: this.maximumAvailable,
      currentlyAvailable: Math.floor(this.available),
      restoreRate: this.restoreRate,
    };
  }
}
