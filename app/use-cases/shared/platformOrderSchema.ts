// The shape of an order as platform adapters hand it to the intake (PlatformOrder in
// app/platforms/port.ts), checked where it enters the use cases.
import { z } from "zod";

export const shipToSchema = z.object({
  name: z.string(),
  company: z.string().nullish(),
  address1: z.string(),
  address2: z.string().nullish(),
  city: z.string(),
  province: z.string().nullish(),
  provinceCode: z.string().nullish(),
  zip: z.string().nullish(),
  country: z.string().nullish(),
  countryCode: z.string(),
  phone: z.string().nullish(),
  email: z.string().nullish(),
});

const isoDate = z.string().refine((value) => !Number.isNaN(Date.parse(value)), "must be an ISO date");

export const platformOrderSchema = z.object({
  platformOrderId: z.string().min(1),
  name: z.string(),
  placedAt: isoDate,
  updatedAt: isoDate,
  cancelledAt: isoDate.nullable(),
  customerEmail: z.string().nullable(),
  customerName: z.string().nullable(),
  shipTo: shipToSchema.nullable(),
  lines: z.array(
    z.object({
      platformLineId: z.string().min(1),
      productId: z.string().nullable(),
      variantId: z.string().nullable(),
      sku: z.string().nullable(),
      title: z.string(),
      quantity: z.number().int().min(0),
      cancelledQuantity: z.number().int().min(0),
      unitPrice: z.string().nullish(),
    }),
  ),
  notReady: z.string().min(1).nullish(),
});

export type ValidPlatformOrder = z.infer<typeof platformOrderSchema>;
