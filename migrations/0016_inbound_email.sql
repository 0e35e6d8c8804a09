CREATE TABLE `inbound_emails` (
	`id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL,
	`envelope_to` text NOT NULL,
	`from_domain` text,
	`message_id_hash` text,
	`size` integer NOT NULL,
	`outcome` text NOT NULL,
	`reason` text,
	`detail` text,
	`lead_id` text,
	`replied` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `inbound_emails_received` ON `inbound_emails` (`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_emails_lead` ON `inbound_emails` (`lead_id`);