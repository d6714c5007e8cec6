"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { signUpAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Button, Field, Input } from "@/components/ui";
import { useMessage } from "@/components/ui/use-message";
import { applyFormResult } from "./form-result";

type Values = { partnerName: string; name: string; email: string; password: string };
const FIELDS = ["partnerName", "name", "email", "password"] as const;

export function SignUpForm() {
  const t = useTranslations("auth");
  const message = useMessage();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ defaultValues: { partnerName: "", name: "", email: "", password: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    applyFormResult(await signUpAction(values), FIELDS, setError, setFormError);
  });
  const errorOf = (f: (typeof FIELDS)[number]) => (errors[f]?.message ? message(errors[f]?.message) : undefined);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="sign-up-form">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{t("signUp.title")}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("signUp.subtitle")}</p>
      </div>
      {formError ? (
        <Alert tone="error" testId="form-error">
          {message(formError)}
        </Alert>
      ) : null}
      <Field id="partnerName" label={t("fields.partnerName")} help={t("fields.partnerNameHelp")} error={errorOf("partnerName")}>
        <Input id="partnerName" autoComplete="organization" invalid={!!errors.partnerName} {...register("partnerName")} />
      </Field>
      <Field id="name" label={t("fields.name")} error={errorOf("name")}>
        <Input id="name" autoComplete="name" invalid={!!errors.name} {...register("name")} />
      </Field>
      <Field id="email" label={t("fields.email")} error={errorOf("email")}>
        <Input id="email" type="email" autoComplete="email" inputMode="email" invalid={!!errors.email} {...register("email")} />
      </Field>
      <Field id="password" label={t("fields.password")} help={t("fields.passwordHelp")} error={errorOf("password")}>
        <Input id="password" type="password" autoComplete="new-password" invalid={!!errors.password} {...register("password")} />
      </Field>
      <Button type="submit" className="w-full" disabled={isSubmitting} data-testid="submit">
        {isSubmitting ? t("signUp.submitting") : t("signUp.submit")}
      </Button>
      <p className="text-center text-sm text-slate-600">
        {t("signUp.haveAccount")}{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:text-brand-700" data-testid="sign-in-link">
          {t("signUp.signInLink")}
        </Link>
      </p>
    </form>
  );
}
