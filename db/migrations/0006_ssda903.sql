CREATE TABLE `figure_breakdowns` (
	`set_id` integer NOT NULL,
	`measure` text NOT NULL,
	`category` text NOT NULL,
	`value` integer NOT NULL,
	PRIMARY KEY(`set_id`, `measure`, `category`),
	FOREIGN KEY (`set_id`) REFERENCES `figure_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `postcode_sectors` (
	`sector` text PRIMARY KEY NOT NULL,
	`latitude` real NOT NULL,
	`longitude` real NOT NULL,
	`la_code` text,
	`import_id` integer NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ssda903_children` (
	`return_id` integer NOT NULL,
	`row` integer NOT NULL,
	`child` text NOT NULL,
	`sex` text NOT NULL,
	`dob` text NOT NULL,
	`ethnic` text NOT NULL,
	`mother` text,
	`mc_dob` text,
	PRIMARY KEY(`return_id`, `child`),
	FOREIGN KEY (`return_id`) REFERENCES `ssda903_returns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ssda903_episodes` (
	`return_id` integer NOT NULL,
	`row` integer NOT NULL,
	`child` text NOT NULL,
	`decom` text NOT NULL,
	`rne` text NOT NULL,
	`ls` text NOT NULL,
	`cin` text NOT NULL,
	`place` text NOT NULL,
	`place_provider` text,
	`dec` text,
	`rec` text,
	`reason_place_change` text,
	`home_post` text,
	`pl_post` text,
	`urn` text,
	PRIMARY KEY(`return_id`, `child`, `decom`, `row`),
	FOREIGN KEY (`return_id`) REFERENCES `ssda903_returns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `ssda903_returns` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`la_code` text NOT NULL,
	`year_end` integer NOT NULL,
	`version` integer NOT NULL,
	`import_id` integer NOT NULL,
	`is_current` integer NOT NULL,
	`children` integer NOT NULL,
	`episodes` integer NOT NULL,
	`uasc_rows` integer NOT NULL,
	`files` text NOT NULL,
	`findings` text DEFAULT '{}' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ssda903_returns_version` ON `ssda903_returns` (`la_code`,`year_end`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `ssda903_returns_current` ON `ssda903_returns` (`la_code`,`year_end`) WHERE is_current = 1;--> statement-breakpoint
CREATE TABLE `ssda903_uasc` (
	`return_id` integer NOT NULL,
	`row` integer NOT NULL,
	`child` text NOT NULL,
	`sex` text NOT NULL,
	`dob` text NOT NULL,
	`duc` text,
	PRIMARY KEY(`return_id`, `child`),
	FOREIGN KEY (`return_id`) REFERENCES `ssda903_returns`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
DROP INDEX `figure_sets_version`;--> statement-breakpoint
DROP INDEX `figure_sets_current`;--> statement-breakpoint
ALTER TABLE `figure_sets` ADD `source` text DEFAULT 'template' NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX `figure_sets_source_version` ON `figure_sets` (`la_code`,`period_end`,`source`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `figure_sets_source_current` ON `figure_sets` (`la_code`,`period_end`,`source`) WHERE is_current = 1;