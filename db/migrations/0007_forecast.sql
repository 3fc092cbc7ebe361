CREATE TABLE `forecast_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`la_code` text NOT NULL,
	`created_at` text NOT NULL,
	`result` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `forecast_plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`la_code` text NOT NULL,
	`setting` text NOT NULL,
	`effective_date` text NOT NULL,
	`change` integer NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `forecast_plans_la` ON `forecast_plans` (`la_code`);--> statement-breakpoint
CREATE TABLE `forecast_scenarios` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`la_code` text NOT NULL,
	`name` text NOT NULL,
	`scenario` text NOT NULL,
	`inflation` real DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `forecast_scenarios_la` ON `forecast_scenarios` (`la_code`);