CREATE TABLE `councils` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`old_code` text,
	`region_code` text,
	`region_name` text
);
--> statement-breakpoint
CREATE TABLE `figure_sets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`la_code` text NOT NULL,
	`period_end` text NOT NULL,
	`version` integer NOT NULL,
	`import_id` integer NOT NULL,
	`row_count` integer NOT NULL,
	`is_current` integer NOT NULL,
	`replaces_set_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `figure_sets_version` ON `figure_sets` (`la_code`,`period_end`,`version`);--> statement-breakpoint
CREATE UNIQUE INDEX `figure_sets_current` ON `figure_sets` (`la_code`,`period_end`) WHERE is_current = 1;--> statement-breakpoint
CREATE TABLE `figures` (
	`set_id` integer NOT NULL,
	`measure` text NOT NULL,
	`setting` text NOT NULL,
	`provision` text NOT NULL,
	`age_band` text NOT NULL,
	`need` text NOT NULL,
	`value` real,
	`symbol` text,
	PRIMARY KEY(`set_id`, `measure`, `setting`, `provision`, `age_band`, `need`),
	FOREIGN KEY (`set_id`) REFERENCES `figure_sets`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`sha256` text NOT NULL,
	`bytes` integer NOT NULL,
	`rows` integer NOT NULL,
	`status` text NOT NULL,
	`error_count` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`warnings` text DEFAULT '[]' NOT NULL,
	`supplied` text DEFAULT '[]' NOT NULL,
	`source` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `imports_created_at` ON `imports` (`created_at`);