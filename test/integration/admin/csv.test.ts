// The CSV round trip through the admin's routes (seed: CheckoutChamp Fulfillment): Export CSV of a
// filter, tracking numbers typed into the exported file, Import tracking numbers; a file with a bad
// row changes nothing and names each row's problem; the export with its status column edited is
// an Upload returns file.
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { orderNamesIn } from "./html";
import { type AdminWorld, startAdminWorld } from "./support";

let w: AdminWorld;

beforeAll(async () => {
  w = await startAdminWorld();
});

afterAll(async () => {
  await w?.close();
});

type Row = Record<string, string>;

async function exportCsv(query: string): Promise<{ columns: string[]; rows: Row[]; res: Response }> {
  const res = await fetch(`${w.app.url}/app/fulfillments/export?${query}`);
  const text = await res.clone().text();
  const records: string[][] = parse(text, { bom: true });
  const [columns, ...data] = records;
  return { columns, rows: data.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i]]))), res };
}

async function upload(path: string, columns: string[], rows: Row[]) {
  const csv = stringify(rows, { header: true, columns });
  const form = new FormData();
  form.append("file", new File([csv], "fulfillments.csv", { type: "text/csv" }));
  const res = await fetch(`${w.app.url}${path}`, { method: "POST", body: form });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { ok: boolean } };
}

const shipmentCount = () => w.tdb.db.shipment.count({ where: { shopId: w.a.shop.id } });
const statuses = async () =>
  Object.fromEntries(
    (await w.tdb.db.fulfillment.findMany({ where: { shopId: w.a.shop.id }, select: { id: true, status: true } })).map((f) => [f.id, f.status]),
  );

describe("Export CSV", () => {
  it("downloads the filter on screen as a CSV attachment", async () => {
    const { columns, rows, res } = await exportCsv("status=HOLD");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="fulfillments-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(columns).toContain("trackingNumber");
    expect(rows.map((r) => r.orderName).sort()).toEqual(["#1005", "#1006", "#1007", "#1008", "#1009"]);
    expect(rows.every((r) => r.status === "HOLD")).toBe(true);
  });

  it("refuses a malformed filter with 400", async () => {
    expect((await fetch(`${w.app.url}/app/fulfillments/export?status=NOPE`)).status).toBe(400);
    expect((await fetch(`${w.app.url}/app/fulfillments/export?from=yesterday`)).status).toBe(400);
  });
});

describe("Import tracking numbers", () => {
  it("changes nothing when one row is bad, and names every bad row", async () => {
    const { columns, rows } = await exportCsv("status=HOLD");
    const filled = rows.map((r, i): Row => ({ ...r, trackingNumber: `1ZBAD0000${i}`, carrier: "UPS" }));
    const shipped = (await exportCsv("status=SHIPPED")).rows[0];
    const file = [...filled, { ...filled[0], orderId: "99999", fulfillmentId: "", trackingNumber: "1ZBAD9" }, { ...shipped, trackingNumber: "1ZBAD8" }];
    const before = { shipments: await shipmentCount(), statuses: await statuses() };

    const res = await upload("/app/fulfillments/import", columns, file);
    expect(res.status).toBe(422);
    expect(res.body.ok).toBe(false);
    expect(res.body.message).toBe("2 rows cannot be imported; nothing was imported.");
    expect(res.body.errors).toEqual([
      { row: 6, column: "orderId", message: "No order 99999 in this shop." },
      { row: 7, column: expect.any(String), message: "The fulfillment is SHIPPED; tracking can be imported only for fulfillments in HOLD." },
    ]);
    expect({ shipments: await shipmentCount(), statuses: await statuses() }).toEqual(before);
  });

  it("imports the exported file with tracking numbers typed in, and reports each row", async () => {
    const { columns, rows } = await exportCsv("status=HOLD");
    const filled = rows.map((r, i): Row => ({ ...r, trackingNumber: `1ZIMPORT000${i}`, carrier: "UPS" }));
    const res = await upload("/app/fulfillments/import", columns, filled);
    expect(res.status).toBe(200);
    expect(res.body.message).toBe("5 rows imported.");
    const report = res.body.rows as { row: number; order: string; outcome: string; detail: string }[];
    expect(report.map((r) => r.row)).toEqual([1, 2, 3, 4, 5]);
    expect(report.every((r) => r.outcome === "Accepted")).toBe(true);
    expect(report[0].detail).toMatch(/^1ZIMPORT0000 · \d+ units?$/);

    for (const [i, row] of filled.entries()) {
      const part = await w.tdb.db.fulfillment.findUniqueOrThrow({ where: { id: row.fulfillmentId }, include: { shipments: true } });
      expect(part.status).not.toBe("HOLD");
      expect(part.shipments.map((s) => JSON.parse(s.trackingNumbers))).toContainEqual([`1ZIMPORT000${i}`]);
    }
    const found = await fetch(`${w.app.url}/app/fulfillments?tracking=1ZIMPORT0002`);
    expect(orderNamesIn(await found.text())).toEqual([filled[2].orderName]);
    expect((await exportCsv("status=HOLD")).rows).toEqual([]);
  });

  it("answers an upload without a file with 400", async () => {
    const res = await fetch(`${w.app.url}/app/fulfillments/import`, { method: "POST", body: new FormData() });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toBe("Choose a CSV file to upload.");
  });
});

describe("Upload returns", () => {
  it("takes the export with its status column changed to RETURNED", async () => {
    const { columns, rows } = await exportCsv(`order=${encodeURIComponent(w.a.orders.shipped.name)}`);
    expect(rows).toHaveLength(1);
    const res = await upload("/app/fulfillments/returns", columns, [{ ...rows[0], status: "RETURNED", rmaNumber: "RMA-77" }]);
    expect(res.status).toBe(200);
    const part = await w.tdb.db.fulfillment.findUniqueOrThrow({ where: { id: w.a.orders.shipped.fulfillmentId } });
    expect(part).toMatchObject({ status: "RETURNED", rmaNumber: "RMA-77" });
    expect((res.body.rows as { outcome: string; detail: string }[])[0]).toMatchObject({
      outcome: "Returned",
      detail: "Shipped → RMA pending; RMA pending → Returned",
    });
  });

  it("changes nothing when a row asks for a status that cannot be reached", async () => {
    const before = await statuses();
    const res = await upload("/app/fulfillments/returns", ["orderId", "status"], [
      { orderId: w.a.orders.failed.name, status: "CANCELLED" },
      { orderId: w.a.orders.cancelled.name, status: "RETURNED" },
    ]);
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ row: 2, column: "status" })]);
    expect(await statuses()).toEqual(before);
  });
});
