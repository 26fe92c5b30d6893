CREATE TABLE "publish_tokens" (
	"camera_id" text PRIMARY KEY NOT NULL,
	"token_sha256" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
