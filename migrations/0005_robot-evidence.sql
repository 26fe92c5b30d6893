ALTER TABLE "evidence" DROP CONSTRAINT "evidence_kind_check";--> statement-breakpoint
ALTER TABLE "evidence" ADD CONSTRAINT "evidence_kind_check" CHECK ("evidence"."kind" in ('clip', 'snapshot', 'robot'));
