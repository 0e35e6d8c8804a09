ALTER TABLE `crm_connections` ADD `instance_url` text;--> statement-breakpoint
ALTER TABLE `crm_connections` ADD `username` text;