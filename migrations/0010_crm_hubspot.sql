CREATE TABLE `crm_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`auth_kind` text NOT NULL,
	`encrypted_secret` text,
	`key_id` text,
	`portal_id` text,
	`scopes` text,
	`status` text NOT NULL,
	`last_error` text,
	`settings` text NOT NULL,
	`owners` text NOT NULL,
	`owners_synced_at` integer,
	`sync_cursor` text,
	`last_sync_at` integer,
	`last_sync_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `crm_sync` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`booking_id` text,
	`action` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`external_id` text,
	`next_attempt_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `crm_sync_lead` ON `crm_sync` (`lead_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `crm_sync_due` ON `crm_sync` (`status`,`next_attempt_at`);