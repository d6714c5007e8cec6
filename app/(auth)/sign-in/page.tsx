import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { SignInForm } from "@/components/auth/sign-in-form";
import { serverContext } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signIn");
  return { title: `${t("title")} · Kervan` };
}

/** next-auth sends failed sign-ins that did not come through the form here as ?error=…&code=…. */
function errorFromQuery(error?: string, code?: string) {
  if (!error) return undefined;
  if (code === "rate_limited") return "auth.errors.rateLimited";
  if (error === "CredentialsSignin") return "auth.errors.invalidCredentials";
  return "errors.generic";
}

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string; code?: string }> }) {
  if ((await serverContext()).viewer) redirect("/dashboard");
  const { error, code } = await searchParams;
  return <SignInForm initialError={errorFromQuery(error, code)} />;
}
