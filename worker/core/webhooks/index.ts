/** Generic webhooks: event types, payload shape and Standard Webhooks signatures. */
export { WEBHOOK_EVENT_TYPES, webhookBody, type BatonEvent, type WebhookEventType } from "./events";
export { secretBytes, webhookSecretFromBytes, signWebhook, type SignedHeaders } from "./signature";
