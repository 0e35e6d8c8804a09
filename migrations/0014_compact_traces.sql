PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_routing_decisions` (
	`id` text PRIMARY KEY NOT NULL,
	`lead_id` text NOT NULL,
	`decided_at` integer NOT NULL,
	`config_version` integer NOT NULL,
	`rule_id` text,
	`destination` text,
	`outcome` text NOT NULL,
	`trace` text,
	`trace_z` blob,
	FOREIGN KEY (`lead_id`) REFERENCES `leads`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_routing_decisions`("id", "lead_id", "decided_at", "config_version", "rule_id", "destination", "outcome", "trace", "trace_z") SELECT "id", "lead_id", "decided_at", "config_version", "rule_id", "destination", "outcome", "trace", "trace_z" FROM `routing_decisions`;--> statement-breakpoint
DROP TABLE `routing_decisions`;--> statement-breakpoint
ALTER TABLE `__new_routing_decisions` RENAME TO `routing_decisions`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `routing_decisions_lead` ON `routing_decisions` (`lead_id`,`decided_at`);