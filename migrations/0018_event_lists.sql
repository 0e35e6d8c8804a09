CREATE TABLE `event_list_rows` (
	`list_id` text NOT NULL,
	`row` integer NOT NULL,
	`email_normalized` text,
	`fields` text NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`lead_id` text,
	`rep_id` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`list_id`, `row`)
);
--> statement-breakpoint
CREATE INDEX `event_list_rows_outcome` ON `event_list_rows` (`list_id`,`outcome`,`row`);--> statement-breakpoint
CREATE INDEX `event_list_rows_lead` ON `event_list_rows` (`lead_id`);--> statement-breakpoint
CREATE TABLE `event_lists` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`identity_hash` text NOT NULL,
	`file_name` text,
	`rule_set_id` text NOT NULL,
	`total_rows` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE INDEX `event_lists_created` ON `event_lists` (`created_at`);