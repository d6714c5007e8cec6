"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { acceptInvitationAction } from "@/app/(auth)/actions";
import { Alert } from "@/components/ui/alert";
import { Badge, Button, Field, Input } from "@/components/ui";
import { useMessage } from "@/components/ui/use-message";
import { applyFormResult } from "./form-result";

type Values = { name: string; password: string };
const FIELDS = ["name", "password"] as const;

export function InviteForm({
  token,
  partnerName,
  email,
  role,
  hasAccount,
}: {
  token: string;
  partnerName: string;
  email: string;
  role: "owner" | "member";
  hasAccount: boolean;
}) {
  const t = useTranslations("auth");
  const tRoles = useTranslations("common.roles");
  const message = useMessage();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values>({ defaultValues: { name: "", password: "" } });

  const onSubmit = handleSubmit(async (values) => {
    setFormError(undefined);
    applyFormResult(await acceptInvitationAction(token, values), FIELDS, setError, setFormError);
  });

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="invite-form">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">{t("invite.heading", { partner: partnerName })}</h1>
        <p className="mt-1 text-sm text-slate-600">{t("invite.subtitle")}</p>
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-md bg-slate-50 p-3 text-sm">
        <dt className="text-slate-500">{t("invite.partner")}</dt>
        <dd className="font-medium text-slate-900" data-testid="invite-partner">
          {partnerName}
        </dd>
        <dt className="text-slate-500">{t("fields.email")}</dt>
        <dd className="break-all font-medium text-slate-900" data-testid="invite-email">
          {email}
        </dd>
        <dt className="text-slate-500">{t("invite.role")}</dt>
        <dd>
          <Badge tone={role === "owner" ? "amber" : "slate"}>{tRoles(role)}</Badge>
        </dd>
      </dl>
      {formError ? (
        <Alert tone="error" testId="form-error">
          {message(formError)}
        </Alert>
      ) : null}
      {hasAccount ? (
        <Alert tone="info">{t("invite.existingAccount")}</Alert>
      ) : (
        <Field id="name" label={t("fields.name")} error={errors.name?.message ? message(errors.name.message) : undefined}>
          <Input id="name" autoComplete="name" invalid={!!errors.name} {...register("name")} />
        </Field>
      )}
      <Field
        id="password"
        label={hasAccount ? t("fields.password") : t("fields.newPassword")}
        help={hasAccount ? undefined : t("fields.passwordHelp")}
        error={errors.password?.message ? message(errors.password.message) : undefined}
      >
        <Input
          id="password"
          type="password"
          autoComplete={hasAccount ? "current-password" : "new-password"}
          invalid={!!errors.password}
          {...register("password")}
        />
      </Field>
      <Button type="submit" className="w-full" disabled={isSubmitting} data-testid="submit">
        {isSubmitting ? t("invite.submitting") : t("invite.submit")}
      </Button>
    </form>
  );
}

export function InvitationInvalid() {
  const t = useTranslations("auth");
  return (
    <div className="space-y-4 text-center" data-testid="invite-invalid">
      <h1 className="text-xl font-semibold text-slate-900">{t("invite.invalidTitle")}</h1>
      <p className="text-sm text-slate-600">{t("invite.invalid")}</p>
      <Link href="/sign-in" className="inline-block text-sm font-medium text-brand-600 hover:text-brand-700">
        {t("invite.toSignIn")}
      </Link>
    </div>
  );
}
