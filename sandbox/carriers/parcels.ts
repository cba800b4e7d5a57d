// The parcels a stand-in knows and what has happened to each, in the stand-in's own words. The
// control vocabulary is shared by all stand-ins (LABEL_CREATED, IN_TRANSIT, OUT_FOR_DELIVERY,
// DELIVERED, ...); each stand-in translates a step into its vendor's status and also accepts
// the vendor's raw status codes, so a test can replay exactly what a carrier sends.
export const STEPS = [
  "LABEL_CREATED",
  "IN_TRANSIT",
  "OUT_FOR_DELIVERY",
  "AVAILABLE_FOR_PICKUP",
  "DELIVERY_ATTEMPTED",
  "DELIVERED",
  "EXCEPTION",
  "RETURNED_TO_SENDER",
  "CANCELLED",
] as const;
export type Step = (typeof STEPS)[number];

export interface Place {
  city: string;
  state: string;
  zip: string;
  country: string;
}

/** Where a step happens, so events read like a real journey (origin to destination). */
export const PLACES: Record<"origin" | "hub" | "destination", Place> = {
  origin: { city: "RENO", state: "NV", zip: "89502", country: "US" },
  hub: { city: "SALT LAKE CITY", state: "UT", zip: "84104", country: "US" },
  destination: { city: "DENVER", state: "CO", zip: "80202", country: "US" },
};

export function placeFor(step: string): Place {
  if (step === "LABEL_CREATED" || step === "CANCELLED") return PLACES.origin;
  if (step === "IN_TRANSIT" || step === "EXCEPTION" || step === "RETURNED_TO_SENDER") return PLACES.hub;
  return PLACES.destination;
}

export interface ParcelEvent<V> {
  at: Date;
  place: Place;
  vendor: V;
}

export interface Parcel<V> {
  number: string;
  carrier: string | null;
  registeredAt: Date;
  events: ParcelEvent<V>[];
}

export class ParcelBook<V> {
  private readonly parcels = new Map<string, Parcel<V>>();

  constructor(
    private readonly translate: (status: string) => V,
    private readonly now: () => Date,
  ) {}

  /** Registers a parcel; its label is created at `at` (default now). Registering again resets it. */
  register(number: string, carrier: string | null, at?: Date, firstStep = "LABEL_CREATED"): Parcel<V> {
    const when = at ?? this.now();
    const parcel: Parcel<V> = { number, carrier, registeredAt: when, events: [] };
    this.parcels.set(number, parcel);
    parcel.events.push({ at: when, place: placeFor(firstStep), vendor: this.translate(firstStep) });
    return parcel;
  }

  /** Adds an event: a step of the control vocabulary or a raw vendor status. */
  advance(number: string, status: string, at?: Date): Parcel<V> {
    const parcel = this.parcels.get(number);
    if (!parcel) throw new Error(`parcel ${number} is not registered`);
    const vendor = this.translate(status);
    const last = parcel.events.at(-1)?.at.getTime() ?? 0;
    // Events without a time are one hour apart, so the journey stays in order.
    const when = at ?? new Date(Math.max(this.now().getTime(), last + 3_600_000));
    parcel.events.push({ at: when, place: placeFor(status), vendor });
    return parcel;
  }

  get(number: string): Parcel<V> | undefined {
    return this.parcels.get(number);
  }
}

export function unknownStatus(vendor: string, status: string, accepted: readonly string[]): Error {
  return new Error(`${vendor} stand-in: unknown status ${JSON.stringify(status)}; use one of ${accepted.join(", ")}`);
}
