CREATE TABLE `ics_events` (
	`uid` text PRIMARY KEY NOT NULL,
	`booking_id` text NOT NULL,
	`sequence` integer NOT NULL,
	`canceled_at` integer,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ics_events_booking` ON `ics_events` (`booking_id`);