CREATE TABLE "zone_overrides" (
	"camera_id" text PRIMARY KEY NOT NULL,
	"zones" jsonb NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
