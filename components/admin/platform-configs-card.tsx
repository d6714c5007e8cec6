"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { inferRouterOutputs } from "@trpc/server";
import { useFormatter, useTranslations } from "next-intl";
import { Fragment, useState } from "react";
import { useForm } from "react-hook-form";
import { useTRPC } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge, Button, Field, Input } from "@/components/ui";
import { Table, TableCard, Td, Th } from "@/components/ui/table";
import { fieldErrorsOf, useErrorMessage, useMessage } from "@/components/ui/use-message";
import type { AppRouter } from "@/server/trpc/root";

type Config = inferRouterOutputs<AppRouter>["admin"]["platformConfigs"][number];
type Values = { endpointOverride: string; authType: string; rateLimit: string; docsUrl: string };
const FIELDS = ["endpointOverride", "authType", "rateLimit", "docsUrl"] as const;

/** One row per platform: what Kervan calls, how it authenticates, the documented limit, where the docs are. */
export function PlatformConfigsCard() {
  const t = useTranslations("admin.platforms");
  const tCommon = useTranslations("common");
  const format = useFormatter();
  const errorText = useErrorMessage();
  const trpc = useTRPC();
  const { data, isLoading, error } = useQuery(trpc.admin.platformConfigs.queryOptions());
  const [editing, setEditing] = useState<string>();
  const [saved, setSaved] = useState<string>();

  return (
    <TableCard title={t("title")} description={t("description")} testId="admin-platforms">
      {error ? (
        <Alert tone="error" className="mx-4 mb-3 sm:mx-5">
          {errorText(error)}
        </Alert>
      ) : null}
      {saved ? (
        <Alert tone="success" className="mx-4 mb-3 sm:mx-5" testId="platform-saved">
          {t("saved", { platform: saved })}
        </Alert>
      ) : null}
      <Table>
        <thead>
          <tr>
            <Th>{t("platform")}</Th>
            <Th>{t("endpoint")}</Th>
            <Th>{t("authType")}</Th>
            <Th>{t("rateLimit")}</Th>
            <Th>{t("docs")}</Th>
            <Th>
              <span className="sr-only">{tCommon("actions")}</span>
            </Th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {isLoading ? (
            <tr>
              <Td colSpan={6} className="text-center text-slate-500">
                {tCommon("loading")}
              </Td>
            </tr>
          ) : null}
          {data?.map((c) => (
            <Fragment key={c.platform}>
              <tr data-testid="platform-row" data-platform={c.platform} className={editing === c.platform ? "bg-brand-50/60" : undefined}>
                <Td valign="top" className="whitespace-nowrap">
                  <p className="font-medium text-slate-900">{c.name}</p>
                  {c.updatedAt ? (
                    <p className="mt-0.5 text-xs text-slate-500">
                      {t("updated", { date: format.dateTime(c.updatedAt, { dateStyle: "medium" }), by: c.updatedBy ?? "—" })}
                    </p>
                  ) : null}
                </Td>
                <Td valign="top">
                  <p className="w-56 font-mono text-xs leading-5 text-slate-800 [overflow-wrap:anywhere]" data-testid="platform-endpoint">
                    {c.endpointOverride ?? c.defaultEndpoint}
                  </p>
                  <div className="mt-1">
                    {c.endpointOverride ? <Badge tone="amber">{t("override")}</Badge> : <Badge tone="slate">{t("default")}</Badge>}
                  </div>
                </Td>
                <Td valign="top">
                  <p className="line-clamp-3 w-72 text-slate-700" title={c.authType}>
                    {c.authType}
                  </p>
                </Td>
                <Td valign="top">
                  <p className="w-40 text-slate-700">{c.rateLimit}</p>
                </Td>
                <Td valign="top" className="whitespace-nowrap">
                  <a href={c.docsUrl} target="_blank" rel="noreferrer noopener" className="font-medium text-brand-600 hover:text-brand-700 hover:underline">
                    {t("openDocs")}
                    <span className="sr-only"> ({c.name})</span>
                  </a>
                </Td>
                <Td valign="top" align="right" className="whitespace-nowrap">
                  {editing === c.platform ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      data-testid="platform-edit"
                      onClick={() => {
                        setSaved(undefined);
                        setEditing(c.platform);
                      }}
                    >
                      {t("edit")}
                    </Button>
                  )}
                </Td>
              </tr>
              {editing === c.platform ? (
                <tr className="bg-brand-50/60">
                  <td colSpan={6} className="px-4 pb-4 sm:px-5">
                    <PlatformConfigForm
                      config={c}
                      onDone={(didSave) => {
                        setEditing(undefined);
                        if (didSave) setSaved(c.name);
                      }}
                    />
                  </td>
                </tr>
              ) : null}
            </Fragment>
          ))}
        </tbody>
      </Table>
    </TableCard>
  );
}

function PlatformConfigForm({ config, onDone }: { config: Config; onDone: (saved: boolean) => void }) {
  const t = useTranslations("admin.platforms");
  const tCommon = useTranslations("common");
  const message = useMessage();
  const errorText = useErrorMessage();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string>();
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors },
  } = useForm<Values>({
    defaultValues: {
      endpointOverride: config.endpointOverride ?? "",
      authType: config.authType,
      rateLimit: config.rateLimit,
      docsUrl: config.docsUrl,
    },
  });
  const save = useMutation(
    trpc.admin.updatePlatformConfig.mutationOptions({
      onMutate: () => setFormError(undefined),
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.admin.platformConfigs.queryKey() });
        onDone(true);
      },
      onError: (err) => {
        const fields = fieldErrorsOf(err);
        let placed = false;
        for (const f of FIELDS) {
          const key = fields?.[f]?.[0];
          if (key) {
            setError(f, { type: "server", message: key });
            placed = true;
          }
        }
        if (!placed) setFormError(errorText(err));
      },
    }),
  );
  const errorOf = (f: (typeof FIELDS)[number]) => (errors[f]?.message ? message(errors[f]?.message) : undefined);
  const id = (f: string) => `${config.platform}-${f}`;

  return (
    <form
      onSubmit={handleSubmit((v) => save.mutate({ platform: config.platform, ...v }))}
      noValidate
      data-testid="platform-form"
      className="space-y-4 rounded-md border border-slate-200 bg-white p-4 shadow-sm"
    >
      <p className="text-sm font-medium text-slate-900">{t("editTitle", { platform: config.name })}</p>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-2">
        <Field id={id("endpointOverride")} label={t("endpoint")} help={t("endpointHelp", { url: config.defaultEndpoint })} error={errorOf("endpointOverride")}>
          <Input id={id("endpointOverride")} data-testid="field-endpointOverride" placeholder={config.defaultEndpoint} maxLength={500} invalid={!!errors.endpointOverride} {...register("endpointOverride")} />
        </Field>
        <Field id={id("docsUrl")} label={t("docsUrl")} error={errorOf("docsUrl")}>
          <Input id={id("docsUrl")} data-testid="field-docsUrl" maxLength={500} invalid={!!errors.docsUrl} {...register("docsUrl")} />
        </Field>
        <Field id={id("authType")} label={t("authType")} error={errorOf("authType")}>
          <Input id={id("authType")} data-testid="field-authType" maxLength={200} invalid={!!errors.authType} {...register("authType")} />
        </Field>
        <Field id={id("rateLimit")} label={t("rateLimit")} help={t("rateLimitHelp")} error={errorOf("rateLimit")}>
          <Input id={id("rateLimit")} data-testid="field-rateLimit" maxLength={200} invalid={!!errors.rateLimit} {...register("rateLimit")} />
        </Field>
      </div>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={() => onDone(false)}>
          {tCommon("cancel")}
        </Button>
        <Button type="submit" disabled={save.isPending} data-testid="platform-save">
          {save.isPending ? tCommon("saving") : tCommon("save")}
        </Button>
      </div>
    </form>
  );
}
