/**
 * The delivery log's wire shapes, declared once: the routes validate and document with them,
 * the server types come from `z.infer`, and the dashboard imports the types only.
 */
import { z } from "@hono/zod-openapi";
import { WEBHOOK_EVENT_TYPES } from "../core/webhooks/events";
import { CursorQuery, LimitQuery } from "../http/paging";

export const DELIVERY_KINDS = ["notification", "webhook"] as const;

export const DeliverySchema = z
  .object({
    id: z.string(),
    kind: z.enum(DELIVERY_KINDS),
    channel: z.string(),
    target: z.string().nullable().openapi({ description: "Host or rep id only" }),
    event: z.string(),
    leadId: z.string().nullable().openapi({ description: "The lead it is about" }),
    bookingId: z
      .string()
      .nullable()
      .openapi({ description: "The booking it is about, for meeting messages" }),
    status: z
      .string()
      .openapi({ description: "Latest attempt: delivered, failed, dead, skipped; pending before any" }),
    attempts: z.number(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi("Delivery");
/** One notification or webhook message with the outcome of its latest attempt. */
export type Delivery = z.infer<typeof DeliverySchema>;

export const DeliveriesQuery = z.object({
  kind: z.enum(DELIVERY_KINDS).optional(),
  status: z.enum(["delivered", "failed", "dead", "skipped", "pending"]).optional(),
  leadId: z.string().min(1).max(100).optional(),
  limit: LimitQuery(200, 50),
  cursor: CursorQuery,
});
export type DeliveriesFilter = Partial<Pick<z.input<typeof DeliveriesQuery>, "kind" | "status" | "leadId">>;

export const DeliveriesPageSchema = z.object({
  deliveries: z.array(DeliverySchema),
  nextCursor: z.string().nullable(),
});
export type DeliveriesPage = z.infer<typeof DeliveriesPageSchema>;

export const DeliveryIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(300)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const RedeliveredSchema = z.object({ queued: z.literal(true), kind: z.enum(DELIVERY_KINDS) });
export type Redelivered = z.infer<typeof RedeliveredSchema>;

// Webhook endpoints (admin-webhooks.ts).

export const WebhookIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const WebhookSubscriptionSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(z.string()),
  createdAt: z.number(),
});
export type WebhookSubscription = z.infer<typeof WebhookSubscriptionSchema>;

/** The endpoint as created: its signing secret is shown this once. */
export const WebhookWithSecretSchema = WebhookSubscriptionSchema.extend({
  secret: z.string().openapi({ description: "whsec_…; shown once" }),
});

export const CreateWebhookBody = z.strictObject({
  url: z.string().max(2000),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1),
  description: z.string().max(200).optional(),
});

export const WebhookListSchema = z.object({ webhooks: z.array(WebhookSubscriptionSchema) });
export const RotatedSecretSchema = z.object({ secret: z.string() });
export const WebhookMessagesSchema = z.object({ messages: z.array(z.unknown()) });
export const QueuedSchema = z.object({ queued: z.literal(true) });
export const OutboxEmailsSchema = z.object({ emails: z.array(z.unknown()) });
