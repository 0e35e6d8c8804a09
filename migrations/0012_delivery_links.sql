DROP INDEX `webhook_messages_lead`;--> statement-breakpoint
ALTER TABLE `webhook_messages` ADD `lead_id` text;--> statement-breakpoint
ALTER TABLE `webhook_messages` ADD `booking_id` text;--> statement-breakpoint
CREATE INDEX `webhook_messages_booking` ON `webhook_messages` (`booking_id`);--> statement-breakpoint
CREATE INDEX `webhook_messages_lead` ON `webhook_messages` (`lead_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `lead_id` text;--> statement-breakpoint
ALTER TABLE `email_outbox` ADD `booking_id` text;--> statement-breakpoint
CREATE INDEX `email_outbox_lead` ON `email_outbox` (`lead_id`);--> statement-breakpoint
ALTER TABLE `notification_deliveries` ADD `lead_id` text;--> statement-breakpoint
ALTER TABLE `notification_deliveries` ADD `booking_id` text;--> statement-breakpoint
CREATE INDEX `notification_deliveries_lead` ON `notification_deliveries` (`lead_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_booking` ON `notification_deliveries` (`booking_id`);