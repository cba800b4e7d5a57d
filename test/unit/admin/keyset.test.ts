// Page cursors of the admin's lists: they round-trip, and a cursor that is not one of ours is a
// ValidationError naming the parameter (a 400, not a crash).
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "~/use-cases/queries/keyset";
import { ValidationError } from "~/use-cases/errors";

describe("keyset cursors", () => {
  it("round-trip a row's key", () => {
    const key = { at: new Date("2026-11-21T14:35:10.123Z"), id: "cmwqif9h60004hb7do68bu81f" };
    expect(decodeCursor(encodeCursor(key), "after")).toEqual(key);
  });

  it("refuse what is not a cursor, naming the parameter", () => {
    for (const bad of ["not-a-cursor", Buffer.from('{"at":"yesterday","id":"x"}').toString("base64url"), Buffer.from("[]").toString("base64url")]) {
      let thrown: unknown;
      try {
        decodeCursor(bad, "before");
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).issues[0].field).toBe("before");
    }
  });
});
