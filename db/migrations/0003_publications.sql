CREATE TABLE `council_profiles` (
	`la_code` text PRIMARY KEY NOT NULL,
	`vision` text DEFAULT '' NOT NULL,
	`model_of_care` text DEFAULT '' NOT NULL,
	`contact` text DEFAULT '' NOT NULL,
	`events` text DEFAULT '' NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `publications` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`la_code` text NOT NULL,
	`published_at` text NOT NULL,
	`published_by` text,
	`snapshot` text NOT NULL,
	`etag` text NOT NULL,
	`withdrawn_at` text,
	`withdrawn_by` text,
	FOREIGN KEY (`la_code`) REFERENCES `councils`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `publications_la` ON `publications` (`la_code`,`id`);