CREATE TABLE `calendar_blocks` (
	`id` text PRIMARY KEY NOT NULL,
	`rep_id` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer NOT NULL,
	`reason` text,
	`created_at` integer NOT NULL,
	`created_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `calendar_blocks_rep_range` ON `calendar_blocks` (`rep_id`,`start_at`,`end_at`);