import { z } from "zod";

/** Every setting the product reads, validated once. A bad value fails start-up with a message naming it. */
const flag = z
  .enum(["1", "0", "true", "false", "on", "off", "yes", "no", ""])
  .optional()
  .transform((v) => (v === undefined || v === "" ? undefined : ["1", "true", "on", "yes"].includes(v)));

const emailList = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? "")
      .split(",")
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.email({ message: "ADMIN_EMAILS must be a comma-separated list of e-mail addresses" })));

const schema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z
      .string()
      .optional()
      .refine((v) => !v || /^postgres(ql)?:\/\//.test(v), {
        message: "DATABASE_URL must start with postgres:// or postgresql:// (leave it unset for the embedded database)",
      }),
    DATABASE_POOL_MAX: z.coerce
      .number({ message: "DATABASE_POOL_MAX must be a whole number of connections" })
      .int()
      .min(1, "DATABASE_POOL_MAX must be at least 1")
      .max(500)
      .default(20),
    DATA_DIR: z.string().default(".data"),
    AUTH_SECRET: z.string().min(32, "AUTH_SECRET must be at least 32 characters").optional(),
    AUTH_TRUST_HOST: flag,
    APP_URL: z.url({ message: "APP_URL must be a full URL such as https://kervan.example.com" }).optional(),
    ENCRYPTION_KEYS: z.string().optional(),
    ADMIN_EMAILS: emailList,
    INNGEST_EVENT_KEY: z.string().optional(),
    INNGEST_SIGNING_KEY: z.string().optional(),
    INNGEST_BASE_URL: z.url({ message: "INNGEST_BASE_URL must be a URL such as http://localhost:8288" }).optional(),
    INNGEST_DEV: z.string().optional(),
    ACTIVITY_RETENTION_DAYS: z.coerce
      .number({ message: "ACTIVITY_RETENTION_DAYS must be a whole number of days" })
      .int("ACTIVITY_RETENTION_DAYS must be a whole number of days")
      .min(1, "ACTIVITY_RETENTION_DAYS must be at least 1")
      .max(3650, "ACTIVITY_RETENTION_DAYS must be at most 3650")
      .default(90),
    SANDBOX: z.enum(["on", "off"], { message: "SANDBOX must be on or off" }).optional(),
    SANDBOX_PORT: z.coerce.number({ message: "SANDBOX_PORT must be a port number (0 = any free port)" }).int().min(0).max(65535).default(4010),
    /** Where connections in the Sandbox environment send their requests (the simulators started with the server). */
    SANDBOX_URL: z.url({ message: "SANDBOX_URL must be a URL such as http://127.0.0.1:4010" }).optional(),
    /** Proxies in front of the server that append to X-Forwarded-For (0: none, `npm start` records the peer itself). */
    TRUSTED_PROXY_HOPS: z.coerce
      .number({ message: "TRUSTED_PROXY_HOPS must be the number of proxies in front of the server (0 or more)" })
      .int("TRUSTED_PROXY_HOPS must be a whole number")
      .min(0, "TRUSTED_PROXY_HOPS must be 0 or more")
      .max(10, "TRUSTED_PROXY_HOPS must be at most 10")
      .default(0),
    JOBS_CRON: z.enum(["on", "off"], { message: "JOBS_CRON must be on or off" }).default("on"),
    LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV !== "production") return;
    if (!env.AUTH_SECRET)
      ctx.addIssue({ code: "custom", path: ["AUTH_SECRET"], message: "AUTH_SECRET is required in production (openssl rand -base64 32)" });
    if (!env.ENCRYPTION_KEYS)
      ctx.addIssue({
        code: "custom",
        path: ["ENCRYPTION_KEYS"],
        message: "ENCRYPTION_KEYS is required in production (npm run cli -- keys:generate)",
      });
  });

export type Env = z.infer<typeof schema> & {
  databaseDriver: "pglite" | "node-postgres" | "neon";
  jobsRuntime: "inngest" | "embedded";
  sandboxEnabled: boolean;
  sandboxUrl: string;
};

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    throw new EnvError(result.error.issues.map((i) => `${i.path.join(".") || "settings"}: ${i.message}`));
  }
  const env = result.data;
  return {
    ...env,
    databaseDriver: databaseDriverFor(env.DATABASE_URL),
    jobsRuntime: env.INNGEST_EVENT_KEY || env.INNGEST_BASE_URL || env.INNGEST_DEV ? "inngest" : "embedded",
    sandboxEnabled: env.SANDBOX ? env.SANDBOX === "on" : env.NODE_ENV !== "production",
    sandboxUrl: env.SANDBOX_URL ?? `http://127.0.0.1:${env.SANDBOX_PORT}`,
  };
}

export function databaseDriverFor(url: string | undefined): Env["databaseDriver"] {
  if (!url) return "pglite";
  const host = new URL(url).hostname;
  return host.endsWith(".neon.tech") || host.endsWith(".neon.build") ? "neon" : "node-postgres";
}

let cached: Env | undefined;

/** The validated settings of this process. */
export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change process.env and call this to read it again. */
export function resetEnvForTests() {
  cached = undefined;
}
