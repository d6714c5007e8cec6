import { initTRPC, TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import superjson from "superjson";
import { ZodError } from "zod";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { isAdminEmail, membershipsOf } from "@/server/services/accounts";

export interface Viewer {
  userId: string;
  email: string;
  name: string;
  locale: string;
  isAdmin: boolean;
  memberships: { partnerId: string; role: "owner" | "member"; partnerName: string }[];
}

export interface Context {
  db: Db;
  viewer: Viewer | null;
  /** Partner chosen in the cabinet (cookie); falls back to the first membership. */
  requestedPartnerId?: string;
}

/** Builds the context from a signed-in user id (from the session), or none. */
export async function createContext(opts: { db: Db; userId?: string | null; requestedPartnerId?: string }): Promise<Context> {
  if (!opts.userId) return { db: opts.db, viewer: null };
  const [user] = await opts.db.select().from(users).where(eq(users.id, opts.userId));
  if (!user) return { db: opts.db, viewer: null };
  const memberships = await membershipsOf(opts.db, user.id);
  return {
    db: opts.db,
    requestedPartnerId: opts.requestedPartnerId,
    viewer: {
      userId: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      isAdmin: user.isAdmin || isAdminEmail(user.email),
      memberships,
    },
  };
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause : null;
    return {
      ...shape,
      // Field errors for forms: { fieldName: ["message key", …] }; never the stack.
      data: { ...shape.data, stack: undefined, fieldErrors: zod ? flattenZod(zod) : null },
    };
  },
});

function flattenZod(err: ZodError) {
  const out: Record<string, string[]> = {};
  for (const issue of err.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure;

export const authedProcedure = t.procedure.use(({ ctx, next }) => {
  if (!ctx.viewer) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
  return next({ ctx: { ...ctx, viewer: ctx.viewer } });
});

/** Everything that touches partner data goes through this: ctx.partnerId is the only partner it may read. */
export const partnerProcedure = authedProcedure.use(({ ctx, next }) => {
  const m =
    ctx.viewer.memberships.find((x) => x.partnerId === ctx.requestedPartnerId) ?? ctx.viewer.memberships[0];
  if (!m) throw new TRPCError({ code: "FORBIDDEN", message: "You are not a member of any partner" });
  return next({ ctx: { ...ctx, partnerId: m.partnerId, role: m.role } });
});

export const ownerProcedure = partnerProcedure.use(({ ctx, next }) => {
  if (ctx.role !== "owner") throw new TRPCError({ code: "FORBIDDEN", message: "Only an owner can do this" });
  return next();
});

export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.viewer.isAdmin) throw new TRPCError({ code: "FORBIDDEN", message: "Administrators only" });
  return next();
});

/** NOT_FOUND for a row that is missing or belongs to another partner: the two must look the same. */
export function notFound(what = "Not found"): never {
  throw new TRPCError({ code: "NOT_FOUND", message: what });
}
