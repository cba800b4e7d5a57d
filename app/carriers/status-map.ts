import type { CarrierStatus } from "./port";

/**
 * A provider's status vocabulary and its total map onto the normalized set: TypeScript makes
 * every listed provider status map to one normalized status, and a status the provider adds
 * later reads as UNKNOWN (with the raw value kept) instead of failing.
 */
export interface StatusMap<Raw extends string> {
  readonly provider: string;
  readonly statuses: readonly Raw[];
  readonly map: Readonly<Record<Raw, CarrierStatus>>;
}

export function mapStatus<Raw extends string>(table: StatusMap<Raw>, raw: string | null | undefined): CarrierStatus {
  if (raw == null) return "UNKNOWN";
  return (table.statuses as readonly string[]).includes(raw) ? table.map[raw as Raw] : "UNKNOWN";
}
