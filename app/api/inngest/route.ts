import { serve } from "inngest/next";
import { inngest } from "@/server/jobs/client";
import { inngestFunctions } from "@/server/jobs/functions";

// The functions reach the database through node-postgres or PGlite, so this route runs on Node.js.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export const { GET, POST, PUT } = serve({ client: inngest, functions: inngestFunctions });
