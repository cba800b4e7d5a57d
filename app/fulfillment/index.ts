// The fulfillment domain: pure rules, no database, network or clock.
export * from "./coverage";
export * from "./csv";
export * from "./errors";
export * from "./routing";
export * from "./statuses";
export * from "./types";
