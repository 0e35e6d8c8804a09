ALTER TABLE `leads` ADD `follow_up_at` integer;--> statement-breakpoint
CREATE INDEX `leads_follow_up_due` ON `leads` (`form_id`,`follow_up_at`,`slots_shown_at`);