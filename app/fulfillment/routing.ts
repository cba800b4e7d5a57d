// Splits an order into one part per fulfiller (DESIGN.md §The flow, 1. Intake): a variant's own
// assignment wins over its product's, which wins over the shop default ("Assign to All Products",
// seed: General Fulfillment House Setup). Lines nobody fulfills are reported, not dropped.

export interface RoutableLine {
  lineId: string;
  productId: string | null;
  variantId: string | null;
  /** units still due */
  quantity: number;
}

export interface RouteAssignment {
  productId: string;
  /** null (or "", as the Assignment table stores it): the whole product */
  variantId: string | null;
  connectionId: string;
}

export interface RoutingInput {
  lines: readonly RoutableLine[];
  assignments: readonly RouteAssignment[];
  defaultConnectionId: string | null;
  activeConnectionIds: ReadonlySet<string>;
}

export interface RoutedPart {
  connectionId: string;
  lines: { lineId: string; quantity: number }[];
}

export interface RoutingResult {
  /** in the order their connection first appears in the lines */
  parts: RoutedPart[];
  /** line ids with units due that no active connection fulfills */
  unassigned: string[];
}

export function routeOrder(input: RoutingInput): RoutingResult {
  const active = input.assignments.filter((assignment) => input.activeConnectionIds.has(assignment.connectionId));
  const defaultConnection =
    input.defaultConnectionId !== null && input.activeConnectionIds.has(input.defaultConnectionId)
      ? input.defaultConnectionId
      : null;

  const parts = new Map<string, RoutedPart>();
  const unassigned: string[] = [];
  for (const line of input.lines) {
    if (line.quantity <= 0) continue;
    const connectionId = connectionFor(line, active) ?? defaultConnection;
    if (connectionId === null) {
      unassigned.push(line.lineId);
      continue;
    }
    let part = parts.get(connectionId);
    if (!part) {
      part = { connectionId, lines: [] };
      parts.set(connectionId, part);
    }
    part.lines.push({ lineId: line.lineId, quantity: line.quantity });
  }
  return { parts: [...parts.values()], unassigned };
}

function connectionFor(line: RoutableLine, assignments: readonly RouteAssignment[]): string | null {
  const variantId = line.variantId || null;
  const productId = line.productId || null;
  const variant =
    variantId === null
      ? undefined
      : assignments.find((a) => a.variantId === variantId && (productId === null || a.productId === productId));
  if (variant) return variant.connectionId;
  const product =
    productId === null ? undefined : assignments.find((a) => !a.variantId && a.productId === productId);
  return product?.connectionId ?? null;
}
