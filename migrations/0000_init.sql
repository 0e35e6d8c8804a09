CREATE TABLE `accounts` (
	`domain` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`normalized_name` text NOT NULL,
	`owner_rep_id` text,
	`parent_domain` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `accounts_normalized_name` ON `accounts` (`normalized_name`);--> statement-breakpoint
CREATE INDEX `accounts_parent_domain` ON `accounts` (`parent_domain`);--> statement-breakpoint
CREATE TABLE `active_config` (
	`id` integer PRIMARY KEY NOT NULL,
	`version` integer NOT NULL,
	`published_at` integer NOT NULL,
	`published_by` text NOT NULL,
	FOREIGN KEY (`version`) REFERENCES `config_versions`(`version`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "active_config_singleton" CHECK("active_config"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`display_prefix` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`team_id` text,
	`rule_id` text,
	`assigned_at` integer NOT NULL,
	`accept_deadline` integer,
	`accepted_at` integer,
	`status` text NOT NULL,
	`attempt` integer DEFAULT 0 NOT NULL,
	`reason` text,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `assignments_sla_sweep` ON `assignments` (`status`,`accept_deadline`);--> statement-breakpoint
CREATE INDEX `assignments_lead` ON `assignments` (`lead_id`);--> statement-breakpoint
CREATE INDEX `assignments_team_window` ON `assignments` (`team_id`,`assigned_at`);--> statement-breakpoint
CREATE INDEX `assignments_rep_window` ON `assignments` (`rep_id`,`assigned_at`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`target` text,
	`details` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `bookings` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`rep_id` text NOT NULL,
	`team_id` text,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`status` text NOT NULL,
	`timezone` text,
	`calendar_provider` text NOT NULL,
	`calendar_event_id` text,
	`calendar_sync_status` text NOT NULL,
	`calendar_attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`canceled_at` integer,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bookings_rep_start_confirmed` ON `bookings` (`rep_id`,`start_at`) WHERE status = 'confirmed';--> statement-breakpoint
CREATE INDEX `bookings_lead` ON `bookings` (`lead_id`);--> statement-breakpoint
CREATE INDEX `bookings_rep_range` ON `bookings` (`rep_id`,`start_at`,`end_at`);--> statement-breakpoint
CREATE INDEX `bookings_calendar_sync` ON `bookings` (`calendar_sync_status`,`created_at`);--> statement-breakpoint
CREATE TABLE `calendar_connections` (
	`id` text PRIMARY KEY NOT NULL,
	`rep_id` text NOT NULL,
	`provider` text NOT NULL,
	`account_email` text,
	`encrypted_refresh_token` text,
	`key_id` text,
	`scopes` text,
	`status` text NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `calendar_connections_rep_id_unique` ON `calendar_connections` (`rep_id`);--> statement-breakpoint
CREATE TABLE `config_versions` (
	`version` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`config` text NOT NULL,
	`checksum` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL,
	`first_published_at` integer
);
--> statement-breakpoint
CREATE INDEX `config_versions_checksum` ON `config_versions` (`checksum`);--> statement-breakpoint
CREATE TABLE `cron_runs` (
	`id` text PRIMARY KEY NOT NULL,
	`job` text NOT NULL,
	`started_at` integer NOT NULL,
	`finished_at` integer,
	`status` text NOT NULL,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `cron_runs_job_started` ON `cron_runs` (`job`,`started_at`);--> statement-breakpoint
CREATE TABLE `leads` (
	`id` text PRIMARY KEY NOT NULL,
	`created_at` integer NOT NULL,
	`form_id` text NOT NULL,
	`email` text,
	`email_normalized` text,
	`fields` text NOT NULL,
	`context` text,
	`status` text NOT NULL,
	`score` integer,
	`tier` text,
	`config_version` integer,
	`idempotency_key` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `leads_email_created` ON `leads` (`email_normalized`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_status_created` ON `leads` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `leads_created` ON `leads` (`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `leads_form_idempotency` ON `leads` (`form_id`,`idempotency_key`);--> statement-breakpoint
CREATE TABLE `notification_deliveries` (
	`id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`channel` text NOT NULL,
	`event_type` text NOT NULL,
	`target` text,
	`status` text NOT NULL,
	`attempt` integer NOT NULL,
	`response_status` integer,
	`error` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `notification_deliveries_message` ON `notification_deliveries` (`message_id`,`attempt`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_status` ON `notification_deliveries` (`status`,`created_at`);--> statement-breakpoint
CREATE INDEX `notification_deliveries_event` ON `notification_deliveries` (`event_type`,`created_at`);--> statement-breakpoint
CREATE TABLE `outcomes` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`rep_id` text,
	`kind` text NOT NULL,
	`at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`details` text,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `outcomes_rep_at` ON `outcomes` (`rep_id`,`at`);--> statement-breakpoint
CREATE INDEX `outcomes_lead` ON `outcomes` (`lead_id`);--> statement-breakpoint
CREATE TABLE `routing_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`decided_at` integer NOT NULL,
	`config_version` integer NOT NULL,
	`rule_id` text,
	`destination` text,
	`outcome` text NOT NULL,
	`trace` text NOT NULL,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `routing_decisions_lead` ON `routing_decisions` (`lead_id`,`decided_at`);