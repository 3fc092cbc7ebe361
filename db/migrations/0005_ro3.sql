CREATE TABLE `ro3_spend` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`year` text NOT NULL,
	`la_code` text NOT NULL,
	`field` text NOT NULL,
	`value_thousands` real,
	`symbol` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `ro3_lookup` ON `ro3_spend` (`year`,`field`,`la_code`);