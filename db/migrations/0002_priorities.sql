CREATE TABLE `priorities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`la_code` text NOT NULL,
	`title` text NOT NULL,
	`metric` text NOT NULL,
	`setting` text DEFAULT 'all' NOT NULL,
	`provision` text DEFAULT 'all' NOT NULL,
	`age_band` text DEFAULT 'all' NOT NULL,
	`need` text DEFAULT 'all' NOT NULL,
	`baseline_value` real NOT NULL,
	`baseline_date` text NOT NULL,
	`target_value` real NOT NULL,
	`target_date` text NOT NULL,
	`direction` text NOT NULL,
	`owner` text DEFAULT '' NOT NULL,
	`narrative` text DEFAULT '' NOT NULL,
	`published` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `priorities_la` ON `priorities` (`la_code`);