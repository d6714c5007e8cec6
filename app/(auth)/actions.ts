"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { getLocale } from "next-intl/server";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { z, type ZodError } from "zod";
import { serverContext } from "@/components/shell/server";
import { db } from "@/db/client";
import { signIn, signOut } from "@/server/auth";
import { isLocale, type Locale } from "@/server/i18n/config";
import {
  AccountError,
  acceptInvitation,
  acceptInvitationInput,
  emailSchema,
  findOpenInvitation,
  findUserByEmail,
  signUp,
  signUpInput,
} from "@/server/services/accounts";
import { LOCALE_COOKIE, PARTNER_COOKIE } from "@/server/trpc/cookies";
import { createContext } from "@/server/trpc/init";
import { createCaller } from "@/server/trpc/root";

/** What a form action answers when it does not redirect: message keys, translated by the form. */
export type FormResult = { fieldErrors?: Record<string, string[]>; formError?: string };

const YEAR = 365 * 24 * 3600;
const AFTER_SIGN_IN = "/dashboard";

const signInInput = z.object({ email: emailSchema, password: z.string().min(1, "validation.required") });

function fieldErrors(error: ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) (out[issue.path.join(".") || "_form"] ??= []).push(issue.message);
  return out;
}

const asObject = (raw: unknown): Record<string, unknown> => (raw && typeof raw === "object" ? (raw as Record<string, unknown>) : {});

/** Signs in through next-auth without redirecting; answers the message key of a refusal, or null. */
async function trySignIn(email: string, password: string): Promise<string | null> {
  try {
    await signIn("credentials", { email, password, redirect: false });
    return null;
  } catch (err) {
    if (err instanceof CredentialsSignin || (err instanceof AuthError && err.type === "CredentialsSignin")) {
      return (err as CredentialsSignin).code === "rate_limited" ? "auth.errors.rateLimited" : "auth.errors.invalidCredentials";
    }
    throw err;
  }
}

async function setLocaleCookie(locale: Locale) {
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: YEAR, sameSite: "lax" });
}

/** A browser that has never chosen a language takes the one saved in the profile. */
async function adoptProfileLocale(email: string) {
  if ((await cookies()).get(LOCALE_COOKIE)) return;
  const user = await findUserByEmail(await db(), email);
  if (user && isLocale(user.locale)) await setLocaleCookie(user.locale);
}

export async function signInAction(raw: unknown): Promise<FormResult> {
  const parsed = signInInput.safeParse(asObject(raw));
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  const refused = await trySignIn(parsed.data.email, parsed.data.password);
  if (refused) return { formError: refused };
  (await cookies()).delete(PARTNER_COOKIE);
  await adoptProfileLocale(parsed.data.email);
  redirect(AFTER_SIGN_IN);
}

/** Creates the partner and its owner in the language the page is shown in, then signs the owner in. */
export async function signUpAction(raw: unknown): Promise<FormResult> {
  const parsed = signUpInput.safeParse({ ...asObject(raw), locale: await getLocale() });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  try {
    await signUp(await db(), parsed.data);
  } catch (err) {
    if (err instanceof AccountError && err.code === "email_taken") return { fieldErrors: { email: ["auth.errors.emailTaken"] } };
    throw err;
  }
  const refused = await trySignIn(parsed.data.email, parsed.data.password);
  if (refused) return { formError: refused };
  (await cookies()).delete(PARTNER_COOKIE);
  redirect(AFTER_SIGN_IN);
}

/** Joins the partner of an invitation: a new account is created, an existing one proves its password. */
export async function acceptInvitationAction(token: string, raw: unknown): Promise<FormResult> {
  const database = await db();
  const open = typeof token === "string" ? await findOpenInvitation(database, token) : undefined;
  if (!open) return { formError: "auth.invite.invalid" };
  const existing = await findUserByEmail(database, open.invitation.email);
  const values = asObject(raw);
  const parsed = acceptInvitationInput.safeParse({ token, name: existing ? existing.name : values.name, password: values.password });
  if (!parsed.success) return { fieldErrors: fieldErrors(parsed.error) };
  let joined: Awaited<ReturnType<typeof acceptInvitation>>;
  try {
    joined = await acceptInvitation(database, parsed.data);
  } catch (err) {
    if (err instanceof AccountError) {
      if (err.code === "invalid_credentials") return { fieldErrors: { password: ["auth.errors.wrongPassword"] } };
      if (err.code === "rate_limited") return { formError: "auth.errors.rateLimited" };
      return { formError: "auth.invite.invalid" };
    }
    throw err;
  }
  const refused = await trySignIn(joined.email, parsed.data.password);
  if (refused) return { formError: refused };
  const jar = await cookies();
  jar.set(PARTNER_COOKIE, joined.partnerId, { path: "/", maxAge: YEAR, sameSite: "lax" });
  const locale = await getLocale();
  if (!existing && isLocale(locale)) {
    // A new member keeps the language they joined in.
    const ctx = await createContext({ db: database, userId: joined.userId });
    await createCaller(ctx).account.setLocale({ locale });
  } else if (existing) {
    await adoptProfileLocale(joined.email);
  }
  redirect(AFTER_SIGN_IN);
}

export async function signOutAction() {
  (await cookies()).delete(PARTNER_COOKIE);
  await signOut({ redirect: false });
  redirect("/sign-in");
}

/** Language switch: the cookie drives rendering; a signed-in user's choice is saved to the profile too. */
export async function setLocaleAction(locale: string) {
  if (!isLocale(locale)) return { ok: false };
  await setLocaleCookie(locale);
  const ctx = await serverContext();
  if (ctx.viewer) await createCaller(ctx).account.setLocale({ locale });
  return { ok: true };
}
