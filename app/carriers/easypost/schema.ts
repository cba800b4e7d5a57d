// The parts of EasyPost's Tracker and Event objects we rely on (notes §4b; types of
// @easypost/api@8.9.0 Tracker/*). Unknown fields pass through untouched.
import { z } from "zod";

const location = z
  .object({
    city: z.string().nullish(),
    state: z.string().nullish(),
    country: z.string().nullish(),
    zip: z.string().nullish(),
  })
  .loose();

export const easyPostTrackingDetailSchema = z
  .object({
    object: z.literal("TrackingDetail").optional(),
    message: z.string().nullish(),
    description: z.string().nullish(),
    status: z.string(),
    status_detail: z.string().nullish(),
    datetime: z.string(),
    source: z.string().nullish(),
    tracking_location: location.nullish(),
  })
  .loose();

export const easyPostTrackerSchema = z
  .object({
    id: z.string().startsWith("trk_"),
    object: z.literal("Tracker"),
    mode: z.enum(["test", "production"]).optional(),
    tracking_code: z.string(),
    status: z.string(),
    status_detail: z.string().nullish(),
    est_delivery_date: z.string().nullish(),
    carrier: z.string().nullish(),
    public_url: z.string().nullish(),
    tracking_details: z.array(easyPostTrackingDetailSchema).default([]),
    created_at: z.string().nullish(),
    updated_at: z.string().nullish(),
  })
  .loose();
export type EasyPostTracker = z.output<typeof easyPostTrackerSchema>;

export const easyPostEventSchema = z
  .object({
    id: z.string().optional(),
    object: z.literal("Event"),
    description: z.string(),
    mode: z.string().optional(),
    result: z.unknown(),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  })
  .loose();
export type EasyPostEvent = z.output<typeof easyPostEventSchema>;

/** EasyPost's error body: {"error":{"code","message","errors":[...]}} */
export const easyPostErrorSchema = z.object({
  error: z.object({ code: z.string().optional(), message: z.string().optional() }).loose(),
});
