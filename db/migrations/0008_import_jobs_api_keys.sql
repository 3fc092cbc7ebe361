CREATE TABLE `api_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`prefix` text NOT NULL,
	`secret_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_by` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	`revoked_by` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_prefix_unique` ON `api_keys` (`prefix`);--> statement-breakpoint
CREATE TABLE `import_jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`state` text NOT NULL,
	`files` text NOT NULL,
	`la_code` text,
	`source` text NOT NULL,
	`actor` text,
	`phase` text,
	`bytes` integer DEFAULT 0 NOT NULL,
	`total_bytes` integer,
	`rows` integer DEFAULT 0 NOT NULL,
	`import_id` integer,
	`outcome` text,
	`error_count` integer,
	`message` text,
	`cancel_requested` integer DEFAULT false NOT NULL,
	`pid` integer,
	`created_at` text NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`import_id`) REFERENCES `imports`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `import_jobs_state` ON `import_jobs` (`state`,`id`);--> statement-breakpoint
CREATE INDEX `import_jobs_created` ON `import_jobs` (`created_at`);