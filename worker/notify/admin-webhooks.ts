import { createRoute, OpenAPIHono } from "@hono/zod-openapi";
import { desc } from "drizzle-orm";
import { auditInsert } from "../audit/audit-queries";
import { database } from "../db/client";
import { emailOutbox } from "../db/schema";
import * as hooks from "./webhook-queries";
import { AppError } from "../errors";
import { enqueueNotifications } from "./outbound";
import { webhookQueueMessage } from "./webhook-fanout";
import { generateWebhookSecret, rotated, sealWebhookSecret } from "./webhook-secrets";
import { checkSubscriptionTarget } from "./resolve-target";
import type { AppEnv } from "../http/hono-env";
import { access } from "../auth/roles";
import { adminErrors, adminSecurity, errorResponse, jsonResponse } from "../http/openapi-common";
import { validationHook } from "../http/validation";
import {
  CreateWebhookBody,
  OutboxEmailsSchema,
  QueuedSchema,
  RotatedSecretSchema,
  WebhookIdParam,
  WebhookListSchema,
  WebhookMessagesSchema,
  WebhookWithSecretSchema,
} from "./contract";

const summary = (s: hooks.WebhookSubscriptionRow) => ({
  id: s.id,
  url: s.url,
  description: s.description,
  eventTypes: s.eventTypes,
  createdAt: s.createdAt,
});

async function existing(db: ReturnType<typeof database>, id: string) {
  const sub = await hooks.getSubscription(db, id);
  if (!sub || sub.disabledAt !== null) throw new AppError(404, "not_found", "No such webhook endpoint.");
  return sub;
}

/** Webhook endpoints, their secrets and delivery log, and the dev email outbox. */
export const adminWebhooks = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(
    createRoute({
      method: "post",
      path: "/webhooks",
      summary: "Subscribe an endpoint to event types; the signing secret is shown once",
      security: adminSecurity,
      ...access("admin"),
      request: { body: { required: true, content: { "application/json": { schema: CreateWebhookBody } } } },
      responses: {
        201: jsonResponse(WebhookWithSecretSchema, "Created"),
        422: errorResponse("Invalid or refused URL"),
        ...adminErrors,
      },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const check = await checkSubscriptionTarget(c.env, body.url);
      if (!check.ok)
        throw new AppError(422, "validation_failed", `URL refused: ${check.reason}`, {
          errors: [{ path: ["url"], code: "ssrf", message: check.reason }],
        });
      const db = database(c.env.DB);
      const now = c.get("now");
      const id = `wh_${crypto.randomUUID().replaceAll("-", "")}`;
      const secret = generateWebhookSecret();
      const row = {
        id,
        url: check.url.href,
        description: body.description ?? null,
        eventTypes: [...body.eventTypes],
        secrets: [await sealWebhookSecret(c.env, id, secret, now)],
        createdAt: now,
        updatedAt: now,
        disabledAt: null,
      };
      await db.batch([
        hooks.insertSubscription(db, row),
        auditInsert(db, c.get("actor"), now, {
          action: "webhook.created",
          target: `webhook:${id}`,
          details: { url: row.url, eventTypes: row.eventTypes },
        }),
      ]);
      return c.json({ ...summary(row), secret }, 201);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/webhooks",
      summary: "List webhook endpoints (never their secrets)",
      security: adminSecurity,
      ...access("admin"),
      responses: {
        200: jsonResponse(WebhookListSchema, "Endpoints"),
        ...adminErrors,
      },
    }),
    async (c) =>
      c.json({ webhooks: (await hooks.listActiveSubscriptions(database(c.env.DB))).map(summary) }, 200),
  )
  .openapi(
    createRoute({
      method: "delete",
      path: "/webhooks/{id}",
      summary: "Delete an endpoint; its delivery log stays",
      security: adminSecurity,
      ...access("admin"),
      request: { params: WebhookIdParam },
      responses: { 204: { description: "Deleted" }, 404: errorResponse("Not found"), ...adminErrors },
    }),
    async (c) => {
      const db = database(c.env.DB);
      const { id } = c.req.valid("param");
      await existing(db, id);
      const now = c.get("now");
      await db.batch([
        hooks.updateSubscription(db, id, { disabledAt: now, updatedAt: now }),
        auditInsert(db, c.get("actor"), now, { action: "webhook.deleted", target: `webhook:${id}` }),
      ]);
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/webhooks/{id}/rotate",
      summary: "Rotate the signing secret; the old one keeps signing for 24 hours",
      security: adminSecurity,
      ...access("admin"),
      request: { params: WebhookIdParam },
      responses: {
        200: jsonResponse(RotatedSecretSchema, "New secret"),
        404: errorResponse("Not found"),
        ...adminErrors,
      },
    }),
    async (c) => {
      const db = database(c.env.DB);
      const { id } = c.req.valid("param");
      const sub = await existing(db, id);
      const now = c.get("now");
      const secret = generateWebhookSecret();
      const secrets = rotated(sub.secrets, await sealWebhookSecret(c.env, id, secret, now), now);
      await db.batch([
        hooks.updateSubscription(db, id, { secrets, updatedAt: now }),
        auditInsert(db, c.get("actor"), now, { action: "webhook.secret_rotated", target: `webhook:${id}` }),
      ]);
      return c.json({ secret }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/webhooks/{id}/deliveries",
      summary: "Latest messages to the endpoint with every delivery attempt",
      security: adminSecurity,
      ...access("admin"),
      request: { params: WebhookIdParam },
      responses: {
        200: jsonResponse(WebhookMessagesSchema, "Delivery log"),
        ...adminErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      return c.json({ messages: await hooks.listDeliveries(database(c.env.DB), id, 50) }, 200);
    },
  )
  .openapi(
    createRoute({
      method: "post",
      path: "/webhooks/messages/{id}/redeliver",
      summary: "Send a stored message again, same webhook-id and body",
      security: adminSecurity,
      ...access("admin"),
      request: { params: WebhookIdParam },
      responses: {
        202: jsonResponse(QueuedSchema, "Queued"),
        404: errorResponse("Not found"),
        409: errorResponse("The message is past its redelivery window"),
        ...adminErrors,
      },
    }),
    async (c) => {
      const db = database(c.env.DB);
      const { id } = c.req.valid("param");
      const message = await hooks.getWebhookMessage(db, id);
      if (!message) throw new AppError(404, "not_found", "No such webhook message.");
      const sub = await existing(db, message.subscriptionId);
      hooks.refuseExpired(message);
      await enqueueNotifications(c.env, [webhookQueueMessage({ ...message, url: sub.url })]);
      return c.json({ queued: true as const }, 202);
    },
  )
  .openapi(
    createRoute({
      method: "get",
      path: "/outbox",
      summary: "Dev outbox: email that would have been sent (no send_email binding)",
      security: adminSecurity,
      ...access("admin"),
      responses: {
        200: jsonResponse(OutboxEmailsSchema, "Emails, newest first"),
        ...adminErrors,
      },
    }),
    async (c) => {
      const rows = await database(c.env.DB)
        .select()
        .from(emailOutbox)
        .orderBy(desc(emailOutbox.createdAt))
        .limit(100);
      return c.json({ emails: rows }, 200);
    },
  );
