DROP INDEX `leads_form_payload`;--> statement-breakpoint
CREATE INDEX `leads_payload_live` ON `leads` (`created_at`) WHERE payload_hash IS NOT NULL AND idempotency_key IS NULL;--> statement-breakpoint
CREATE INDEX `leads_form_payload` ON `leads` (`form_id`,`payload_hash`,`created_at`) WHERE payload_hash IS NOT NULL;