DROP INDEX "alerts_status_started_idx";--> statement-breakpoint
DROP INDEX "alerts_camera_started_idx";--> statement-breakpoint
DROP INDEX "alerts_rule_started_idx";--> statement-breakpoint
DROP INDEX "alerts_severity_started_idx";--> statement-breakpoint
CREATE INDEX "alerts_status_started_idx" ON "alerts" USING btree ("status","started_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "alerts_camera_started_idx" ON "alerts" USING btree ("camera_id","started_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "alerts_rule_started_idx" ON "alerts" USING btree ("rule_id","started_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "alerts_severity_started_idx" ON "alerts" USING btree ("severity","started_at" DESC NULLS FIRST,"id" DESC NULLS FIRST);