CREATE TABLE `user_places` (
	`user_id` text PRIMARY KEY NOT NULL,
	`la_code` text,
	`period` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `user`(`id`) ON UPDATE no action ON DELETE cascade
);
