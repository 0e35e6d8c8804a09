ALTER TABLE `leads` ADD `payload_hash` text;--> statement-breakpoint
ALTER TABLE `leads` ADD `routing_attempts` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `leads` ADD `last_routing_error` text;--> statement-breakpoint
CREATE INDEX `leads_form_payload` ON `leads` (`form_id`,`payload_hash`,`created_at`);