"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { z } from "zod";
import { useTRPC } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Button, Card, Field, Input, Select } from "@/components/ui";
import { fieldErrorsOf, useErrorMessage, useMessage } from "@/components/ui/use-message";

// Mirrors members.invite's input so most mistakes are caught before the round trip; the server checks again.
const inviteSchema = z.object({
  email: z.string().trim().pipe(z.email({ message: "validation.email" })),
  role: z.enum(["owner", "member"]),
});

export function InviteCard() {
  const t = useTranslations("settings.invite");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const errorText = useErrorMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [link, setLink] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [copied, setCopied] = useState(false);
  const {
    register,
    handleSubmit,
    setError,
    reset,
    formState: { errors },
  } = useForm({ resolver: zodResolver(inviteSchema), defaultValues: { email: "", role: "member" as const } });

  const invite = useMutation(
    trpc.members.invite.mutationOptions({
      onMutate: () => {
        setLink(undefined);
        setNotice(undefined);
        setCopied(false);
      },
      onSuccess: async (result, vars) => {
        if (result.status === "already_member") {
          setNotice(t("alreadyMember", { email: vars.email }));
          return;
        }
        setLink(`${window.location.origin}/invite/${result.token}`);
        reset({ email: "", role: vars.role });
        await queryClient.invalidateQueries({ queryKey: trpc.members.list.queryKey() });
      },
      onError: (err) => {
        const fields = fieldErrorsOf(err);
        if (fields?.email?.[0]) setError("email", { type: "server", message: fields.email[0] });
        else if (fields?.role?.[0]) setError("role", { type: "server", message: fields.role[0] });
        else setNotice(errorText(err));
      },
    }),
  );

  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
    } catch {
      // Clipboard refused (permissions): the field is selected so the user can copy by hand.
      (document.getElementById("invite-link") as HTMLInputElement | null)?.select();
    }
  };

  return (
    <Card data-testid="invite-card">
      <h2 className="text-base font-semibold text-slate-900">{t("title")}</h2>
      <p className="text-sm text-slate-600">{t("description")}</p>
      <form onSubmit={handleSubmit((v) => invite.mutate(v))} noValidate className="mt-4 grid gap-3 sm:grid-cols-[1fr_10rem_auto] sm:items-start">
        <Field id="invite-email" label={t("email")} error={errors.email?.message ? message(errors.email.message) : undefined}>
          <Input id="invite-email" type="email" autoComplete="off" placeholder="name@company.com" invalid={!!errors.email} {...register("email")} />
        </Field>
        <Field id="invite-role" label={t("role")} error={errors.role?.message ? message(errors.role.message) : undefined}>
          <Select id="invite-role" {...register("role")}>
            <option value="member">{tCommon("roles.member")}</option>
            <option value="owner">{tCommon("roles.owner")}</option>
          </Select>
        </Field>
        <div className="sm:pt-6">
          <Button type="submit" disabled={invite.isPending} data-testid="invite-submit" className="w-full sm:w-auto">
            {invite.isPending ? t("submitting") : t("submit")}
          </Button>
        </div>
      </form>
      {notice ? (
        <Alert tone="info" className="mt-3" testId="invite-notice">
          {notice}
        </Alert>
      ) : null}
      {link ? (
        <div className="mt-4 rounded-md border border-green-200 bg-green-50 p-3">
          <label htmlFor="invite-link" className="block text-sm font-medium text-green-900">
            {t("linkLabel")}
          </label>
          <div className="mt-2 flex flex-col gap-2 sm:flex-row">
            <Input id="invite-link" data-testid="invite-link" readOnly value={link} onFocus={(e) => e.currentTarget.select()} className="font-mono text-xs" />
            <Button variant="secondary" onClick={copy} data-testid="invite-copy">
              {copied ? t("copied") : t("copy")}
            </Button>
          </div>
          <p className="mt-2 text-xs text-green-900">{t("linkHelp")}</p>
        </div>
      ) : null}
    </Card>
  );
}
