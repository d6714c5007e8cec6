// Every test process gets a throw-away key ring and auth secret, so no test touches a developer's .data/.
import crypto from "node:crypto";

const env = process.env as Record<string, string | undefined>;
env.NODE_ENV ??= "test";
process.env.ENCRYPTION_KEYS ??= `test-1:${crypto.randomBytes(32).toString("base64")}`;
process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString("base64");
process.env.LOG_LEVEL ??= "silent";
// Cron schedules fire only in the tests that ask for them (see EmbeddedRunnerOptions.cron).
env.JOBS_CRON ??= "off";
