"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { signInAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button, Field, Input } from "@/components/ui";
import { useMessage } from "@/components/ui/use-message";
import { applyFormResult } from "./form-result";

type Values = { email: string; password: string };
const FIELDS = ["email", "password"] as const;

export function SignInForm({ initialError }: { initialError?: string }) {
  const t = useTranslations("auth");
  const message = useMessage();
  const [formError, setFormError] = useState<string | undefined>(initialError);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ defaultValues: { email: "", password: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    applyFormResult(await signInAction(values), FIELDS, setError, setFormError);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="sign-in-form">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{t("signIn.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("signIn.subtitle")}</p>
      </div>
      {formError ? (
        <Alert tone="error" testId="form-error">
          {message(formError)}
        </Alert>
      ) : null}
      <Field id="email" label={t("fields.email")} error={errors.email?.message ? message(errors.email.message) : undefined}>
        <Input id="email" type="email" autoComplete="email" inputMode="email" invalid={!!errors.email} {...register("email")} />
      </Field>
      <Field id="password" label={t("fields.password")} error={errors.password?.message ? message(errors.password.message) : undefined}>
        <Input id="password" type="password" autoComplete="current-password" invalid={!!errors.password} {...register("password")} />
      </Field>
      <Button type="submit" className="w-full" disabled={isSubmitting} data-testid="submit">
        {isSubmitting ? t("signIn.submitting") : t("signIn.submit")}
      </Button>
      <p className="text-center text-sm text-slate-600">
        {t("signIn.noAccount")}{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 hover:text-brand-700" data-testid="sign-up-link">
          {t("signIn.signUpLink")}
        </Link>
      </p>
    </form>
  );
}
