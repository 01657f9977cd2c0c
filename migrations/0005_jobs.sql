CREATE TABLE "job_progress" (
	"job_id" text PRIMARY KEY NOT NULL,
	"queue" text NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer,
	"note" text,
	"updated_at" timestamp with time zone NOT NULL
);
