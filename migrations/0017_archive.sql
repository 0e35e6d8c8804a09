ALTER TABLE `routing_decisions` ADD `archived_at` integer;--> statement-breakpoint
ALTER TABLE `routing_decisions` ADD `facts_z` blob;--> statement-breakpoint
CREATE INDEX `routing_decisions_to_archive` ON `routing_decisions` (`decided_at`) WHERE trace_z IS NOT NULL;--> statement-breakpoint
CREATE INDEX `routing_decisions_to_purge` ON `routing_decisions` (`archived_at`) WHERE archived_at IS NOT NULL AND facts_z IS NULL;