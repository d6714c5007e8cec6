import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { serverContext } from "@/components/shell/server";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("auth.signUp");
  return { title: `${t("title")} · Kervan` };
}

export default async function SignUpPage() {
  if ((await serverContext()).viewer) redirect("/dashboard");
  return <SignUpForm />;
}
