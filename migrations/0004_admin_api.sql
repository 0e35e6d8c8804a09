ALTER TABLE `leads` ADD `slots_shown_at` integer;--> statement-breakpoint
ALTER TABLE `leads` ADD `erased_at` integer;--> statement-breakpoint
CREATE INDEX `leads_erased_created` ON `leads` (`erased_at`,`created_at`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_created` ON `notification_deliveries` (`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_messages_created` ON `webhook_messages` (`created_at`);--> statement-breakpoint
CREATE INDEX `webhook_messages_lead` ON `webhook_messages` (body ->> '$.data.leadId');