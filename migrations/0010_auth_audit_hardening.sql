CREATE TABLE "audit_anchors" (
	"id" bigint PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"record_id" bigint NOT NULL,
	"record_hash" text NOT NULL,
	"mac" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "totp_state" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"pending_secret" text,
	"last_used_step" bigint
);
--> statement-breakpoint
CREATE TABLE "unknown_login_failures" (
	"username" text PRIMARY KEY NOT NULL,
	"failed_attempts" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_attempt_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "totp_state" ADD CONSTRAINT "totp_state_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;