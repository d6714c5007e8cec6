"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useForm, useWatch, type Path } from "react-hook-form";
import { useTRPC } from "@/components/providers";
import type { Connection, Platform } from "@/components/status/types";
import { Button, Card, Field, Input, Select } from "@/components/ui";
import { fieldErrorsOf } from "./field-errors";

interface FormValues {
  name: string;
  environment: "production" | "sandbox";
  values: Record<string, string>;
}

type ManifestField = Platform["fields"][number];

/** Where an error key from the API belongs in this form; anything it cannot place is shown above the buttons. */
function formPath(apiKey: string, fieldKeys: ReadonlySet<string>): Path<FormValues> | "root.server" {
  if (apiKey === "name" || apiKey === "environment") return apiKey;
  const key = apiKey.startsWith("values.") ? apiKey.slice("values.".length) : apiKey;
  return fieldKeys.has(key) ? `values.${key}` : "root.server";
}

/**
 * The connection form, generated from the platform's manifest. Adding and editing share it; when editing, secret
 * inputs start empty (empty keeps the stored secret) and show only the stored hint.
 */
export function ConnectionForm({
  platform,
  connection,
  onSaved,
  onCancel,
}: {
  platform: Platform;
  connection?: Connection;
  onSaved: (saved: Connection) => void;
  onCancel: () => void;
}) {
  const t = useTranslations();
  const tf = useTranslations("connections.form");
  const ts = useTranslations("status.environment");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const editing = Boolean(connection);
  const fieldKeys = new Set(platform.fields.map((f) => f.key));

  const {
    register,
    handleSubmit,
    setError,
    setValue,
    clearErrors,
    control,
    formState: { errors, isSubmitting },
  } = useForm<FormValues>({
    defaultValues: {
      name: connection?.name ?? platform.name,
      environment: connection?.environment ?? "production",
      values: Object.fromEntries(
        platform.fields.map((f) => [f.key, f.secret || !connection ? "" : (connection.settings[f.key] ?? "")]),
      ),
    },
  });

  // The simulators' public test accounts (none when the server runs without sandboxes).
  const sandboxAccounts = useQuery(trpc.account.sandboxAccounts.queryOptions(undefined, { staleTime: Infinity }));
  // The procedure answers `{}` or the accounts by platform, which its inferred type widens to `{}`.
  const sandboxAccount = (sandboxAccounts.data as Partial<Record<string, Record<string, string>>> | undefined)?.[platform.id];
  const environment = useWatch({ control, name: "environment" });
  const [filled, setFilled] = useState(false);
  const fillSandboxAccount = () => {
    if (!sandboxAccount) return;
    for (const [key, value] of Object.entries(sandboxAccount)) {
      if (!fieldKeys.has(key)) continue;
      setValue(`values.${key}`, value, { shouldDirty: true });
      clearErrors(`values.${key}`);
    }
    setFilled(true);
  };

  const create = useMutation(trpc.connections.create.mutationOptions());
  const update = useMutation(trpc.connections.update.mutationOptions());

  /** Error keys from the API are catalogue keys; a key the catalogues lack still reads as a sentence. */
  const message = (key: string | undefined) => {
    if (!key) return undefined;
    if (key.includes(".") && t.has(key)) return t(key);
    if (key === "validation.connectionName") return tf("errors.name");
    if (key === "validation.unknownField") return tf("errors.unknownField");
    if (key === "server") return tf("errors.saveFailed");
    return tf("errors.invalid");
  };

  const label = (f: ManifestField) => {
    const key = `platforms.${platform.id}.fields.${f.key}.label`;
    return t.has(key) ? t(key) : f.key;
  };
  const help = (f: ManifestField) => {
    const key = `platforms.${platform.id}.fields.${f.key}.help`;
    return t.has(key) ? t(key) : undefined;
  };
  const placeholder = (f: ManifestField) => {
    const hint = connection?.credentialHints[f.key];
    if (f.secret && hint) return tf("secretKeep", { hint });
    if (f.secret && editing) return tf("secretNotSet");
    return f.placeholder ?? "";
  };

  const onSubmit = handleSubmit(async (data) => {
    clearErrors();
    try {
      const saved = connection
        ? await update.mutateAsync({ id: connection.id, name: data.name, environment: data.environment, values: data.values })
        : await create.mutateAsync({ platform: platform.id, name: data.name, environment: data.environment, values: data.values });
      await queryClient.invalidateQueries({ queryKey: trpc.connections.list.queryKey() });
      onSaved(saved);
    } catch (err) {
      const fieldErrors = fieldErrorsOf(err);
      if (!fieldErrors) {
        setError("root.server", { type: "server", message: "server" });
        return;
      }
      let focused = false;
      for (const [apiKey, keys] of Object.entries(fieldErrors)) {
        const path = formPath(apiKey, fieldKeys);
        setError(path, { type: "server", message: keys[0] }, { shouldFocus: !focused && path !== "root.server" });
        if (path !== "root.server") focused = true;
      }
    }
  });

  // Sandbox connections talk to the local simulator when the server runs them, else to the platform's own sandbox.
  const hasSandbox = Boolean(platform.baseUrls.sandbox) || Boolean(sandboxAccount);
  const descriptionKey = `platforms.${platform.id}.description`;

  return (
    <Card className="max-w-2xl">
      <div className="mb-4">
        <h2 className="text-lg font-semibold text-slate-900">
          {editing ? tf("editTitle", { platform: platform.name }) : tf("addTitle", { platform: platform.name })}
        </h2>
        {t.has(descriptionKey) ? <p className="mt-1 text-sm text-slate-600">{t(descriptionKey)}</p> : null}
        <p className="mt-2 text-xs text-slate-500">{tf("secretNote")}</p>
      </div>
      <form onSubmit={onSubmit} noValidate className="space-y-4" data-testid="connection-form" data-platform={platform.id}>
        <Field id="connection-name" label={tf("name")} help={tf("nameHelp")} error={message(errors.name?.message)}>
          <Input id="connection-name" data-testid="connection-name" invalid={Boolean(errors.name)} maxLength={100} {...register("name")} />
        </Field>
        <Field
          id="connection-environment"
          label={tf("environment")}
          help={
            // With the simulator's box below, the general words about platform sandboxes would only contradict it.
            environment === "sandbox" && sandboxAccount ? undefined : hasSandbox ? tf("environmentHelp") : tf("noSandbox", { platform: platform.name })
          }
          error={message(errors.environment?.message)}
        >
          <Select id="connection-environment" data-testid="connection-environment" invalid={Boolean(errors.environment)} {...register("environment")}>
            <option value="production">{ts("production")}</option>
            <option value="sandbox" disabled={!hasSandbox && connection?.environment !== "sandbox"}>
              {ts("sandbox")}
            </option>
          </Select>
        </Field>

        {environment === "sandbox" && sandboxAccount ? (
          <div className="rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900" data-testid="sandbox-account">
            <p>{tf("sandboxHelp", { platform: platform.name })}</p>
            <div className="mt-2 flex flex-wrap items-center gap-3">
              <Button size="sm" variant="secondary" onClick={fillSandboxAccount} data-testid="fill-sandbox-account">
                {tf("sandboxFill")}
              </Button>
              {filled ? (
                <span role="status" className="text-xs" data-testid="sandbox-filled">
                  {tf("sandboxFilled")}
                </span>
              ) : null}
            </div>
          </div>
        ) : null}

        <div className="border-t border-slate-200 pt-4" />

        {platform.fields.map((f) => {
          const id = `field-${f.key}`;
          const error = errors.values?.[f.key];
          const fieldLabel = (
            <>
              {label(f)}
              {f.required ? (
                <span className="text-red-600" aria-hidden>
                  {" "}
                  *
                </span>
              ) : (
                <span className="font-normal text-slate-500"> ({tf("optional")})</span>
              )}
            </>
          );
          const common = {
            id,
            "data-testid": id,
            invalid: Boolean(error),
            "aria-required": f.required || undefined,
            ...register(`values.${f.key}`),
          };
          return (
            <Field key={f.key} id={id} label={fieldLabel} help={help(f)} error={message(error?.message)}>
              {f.kind === "select" && f.options ? (
                <Select {...common}>
                  <option value="">{tf("choose")}</option>
                  {f.options.map((o) => (
                    <option key={o} value={o}>
                      {o}
                    </option>
                  ))}
                </Select>
              ) : f.secret || f.kind === "secret" ? (
                <Input {...common} type="password" autoComplete="off" spellCheck={false} placeholder={placeholder(f)} />
              ) : (
                <Input
                  {...common}
                  type={f.kind === "url" ? "url" : "text"}
                  inputMode={f.kind === "number" ? "numeric" : undefined}
                  autoComplete="off"
                  spellCheck={false}
                  placeholder={placeholder(f)}
                />
              )}
            </Field>
          );
        })}

        {errors.root?.server ? (
          <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-700" data-testid="form-error">
            {message(errors.root.server.message)}
          </p>
        ) : null}

        <div className="flex flex-wrap justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onCancel} disabled={isSubmitting}>
            {tf("cancel")}
          </Button>
          <Button type="submit" data-testid="save-connection" disabled={isSubmitting}>
            {isSubmitting ? tf("saving") : editing ? tf("saveChanges") : tf("add")}
          </Button>
        </div>
      </form>
    </Card>
  );
}
