CREATE TABLE `account_signals` (
	`id` text PRIMARY KEY NOT NULL,
	`domain` text NOT NULL,
	`source` text NOT NULL,
	`event_id` text NOT NULL,
	`kind` text NOT NULL,
	`strength` integer NOT NULL,
	`occurred_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`lead_id` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `account_signals_event` ON `account_signals` (`source`,`event_id`);--> statement-breakpoint
CREATE INDEX `account_signals_domain_at` ON `account_signals` (`domain`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `account_signals_received` ON `account_signals` (`received_at`);--> statement-breakpoint
ALTER TABLE `api_tokens` ADD `scopes` text;