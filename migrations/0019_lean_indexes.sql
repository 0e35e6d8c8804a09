DROP INDEX `notification_deliveries_status`;--> statement-breakpoint
DROP INDEX `notification_deliveries_event`;--> statement-breakpoint
DROP INDEX `notification_deliveries_booking`;--> statement-breakpoint
DROP INDEX `webhook_messages_booking`;--> statement-breakpoint
CREATE INDEX `webhook_messages_body_live` ON `webhook_messages` (`created_at`) WHERE body != '';--> statement-breakpoint
DROP INDEX `leads_form_idempotency`;--> statement-breakpoint
CREATE UNIQUE INDEX `leads_form_idempotency` ON `leads` (`form_id`,`idempotency_key`) WHERE idempotency_key IS NOT NULL;