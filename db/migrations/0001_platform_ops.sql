CREATE TABLE "category_mappings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"catalog_category" text NOT NULL,
	"platform_category_id" text NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"brand_id" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "platform_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"kind" text NOT NULL,
	"external_batch_id" text,
	"body_hash" text NOT NULL,
	"item_count" integer NOT NULL,
	"failed_count" integer,
	"status" text DEFAULT 'submitted' NOT NULL,
	"job_id" uuid,
	"result" jsonb,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"results_expire_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "platform_webhooks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"partner_id" uuid NOT NULL,
	"connection_id" uuid NOT NULL,
	"platform" text NOT NULL,
	"external_id" text NOT NULL,
	"url" text NOT NULL,
	"topics" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"authentication_type" text,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "category_mappings" ADD CONSTRAINT "category_mappings_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "category_mappings" ADD CONSTRAINT "category_mappings_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_batches" ADD CONSTRAINT "platform_batches_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_batches" ADD CONSTRAINT "platform_batches_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_webhooks" ADD CONSTRAINT "platform_webhooks_partner_id_partners_id_fk" FOREIGN KEY ("partner_id") REFERENCES "public"."partners"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "platform_webhooks" ADD CONSTRAINT "platform_webhooks_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "category_mappings_unique" ON "category_mappings" USING btree ("connection_id","catalog_category");--> statement-breakpoint
CREATE INDEX "platform_batches_connection_idx" ON "platform_batches" USING btree ("partner_id","connection_id","submitted_at");--> statement-breakpoint
CREATE INDEX "platform_batches_hash_idx" ON "platform_batches" USING btree ("connection_id","kind","body_hash","submitted_at");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_batches_external_unique" ON "platform_batches" USING btree ("connection_id","external_batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "platform_webhooks_external_unique" ON "platform_webhooks" USING btree ("connection_id","external_id");--> statement-breakpoint
CREATE INDEX "platform_webhooks_partner_idx" ON "platform_webhooks" USING btree ("partner_id");