ALTER TABLE `leads` ADD `archived_at` integer;--> statement-breakpoint
CREATE INDEX `leads_to_archive` ON `leads` (`created_at`) WHERE coalesce(archived_at, -1) < 0;--> statement-breakpoint
CREATE INDEX `leads_to_purge` ON `leads` (`erased_at`) WHERE archived_at < erased_at;