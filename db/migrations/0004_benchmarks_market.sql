CREATE TABLE `comparator_groups` (
	`la_code` text PRIMARY KEY NOT NULL,
	`members` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ees_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`dataset` text NOT NULL,
	`time_period` integer NOT NULL,
	`geographic_level` text NOT NULL,
	`area_code` text NOT NULL,
	`area_name` text NOT NULL,
	`region_code` text,
	`filters` text NOT NULL,
	`indicator` text NOT NULL,
	`value` real,
	`symbol` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ees_lookup` ON `ees_values` (`dataset`,`indicator`,`filters`,`time_period`);--> statement-breakpoint
CREATE INDEX `ees_area` ON `ees_values` (`area_code`,`dataset`,`time_period`);--> statement-breakpoint
CREATE TABLE `ofsted_providers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`as_at` text NOT NULL,
	`urn` text NOT NULL,
	`provision_type` text NOT NULL,
	`registration_status` text,
	`local_authority` text,
	`la_code` text,
	`ofsted_region` text,
	`region` text,
	`sector` text,
	`places` integer,
	`organisation` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ofsted_la` ON `ofsted_providers` (`as_at`,`la_code`);--> statement-breakpoint
CREATE INDEX `ofsted_region` ON `ofsted_providers` (`as_at`,`region`);