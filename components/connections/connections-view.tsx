"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useSearchParams } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers";
import { Button, EmptyState, PageHeader } from "@/components/ui";
import { ConnectionCard } from "./connection-card";
import { ConnectionForm } from "./connection-form";
import { PlatformPicker } from "./platform-picker";
import { usePlatforms } from "./platforms";

/**
 * The connections screen. The step lives in the address so Back works:
 * `?add` picks a platform, `?add=<platform>` fills its form, `?edit=<id>` edits a connection.
 */
export function ConnectionsView() {
  const tc = useTranslations("connections");
  const trpc = useTRPC();
  const pathname = usePathname();
  const params = useSearchParams();
  const [notice, setNotice] = useState<string | null>(null);
  const { platforms, byId, isLoading: platformsLoading } = usePlatforms();
  const list = useQuery(trpc.connections.list.queryOptions());

  const adding = params.has("add");
  const addPlatform = params.get("add") ? byId.get(params.get("add")!) : undefined;
  const editId = params.get("edit");
  const editing = editId ? list.data?.find((c) => c.id === editId) : undefined;
  // The browser's history API moves between steps without a server round trip; Back still works.
  const go = (query: string) => {
    setNotice(null);
    window.history.pushState(null, "", query ? `${pathname}?${query}` : pathname);
  };
  const backToList = (message: string) => {
    setNotice(message);
    window.history.pushState(null, "", pathname);
  };

  const header = (
    <PageHeader
      title={tc("title")}
      description={tc("description")}
      actions={
        adding || editId ? null : (
          <Button data-testid="add-connection" onClick={() => go("add")}>
            {tc("add")}
          </Button>
        )
      }
    />
  );

  if (adding) {
    return (
      <div>
        {header}
        <Button variant="ghost" size="sm" className="mb-4" onClick={() => (addPlatform ? go("add") : go(""))}>
          ← {addPlatform ? tc("pick.back") : tc("backToList")}
        </Button>
        {addPlatform ? (
          <ConnectionForm
            key={addPlatform.id}
            platform={addPlatform}
            onSaved={(saved) => backToList(tc("saved.added", { name: saved.name }))}
            onCancel={() => go("")}
          />
        ) : platformsLoading ? (
          <p className="text-sm text-slate-500">{tc("loading")}</p>
        ) : (
          <PlatformPicker platforms={platforms} onPick={(id) => go(`add=${encodeURIComponent(id)}`)} />
        )}
      </div>
    );
  }

  if (editId) {
    const platform = editing ? byId.get(editing.platform) : undefined;
    return (
      <div>
        {header}
        <Button variant="ghost" size="sm" className="mb-4" onClick={() => go("")}>
          ← {tc("backToList")}
        </Button>
        {editing && platform ? (
          <ConnectionForm
            key={editing.id}
            platform={platform}
            connection={editing}
            onSaved={(saved) => backToList(tc("saved.updated", { name: saved.name }))}
            onCancel={() => go("")}
          />
        ) : list.isLoading || platformsLoading ? (
          <p className="text-sm text-slate-500">{tc("loading")}</p>
        ) : (
          <EmptyState title={tc("notFound")} action={<Button onClick={() => go("")}>{tc("backToList")}</Button>} />
        )}
      </div>
    );
  }

  return (
    <div>
      {header}
      {notice ? (
        <p role="status" className="mb-4 rounded-md bg-green-50 p-3 text-sm text-green-800" data-testid="notice">
          {notice}
        </p>
      ) : null}
      {list.isLoading ? (
        <p className="text-sm text-slate-500">{tc("loading")}</p>
      ) : list.isError ? (
        <EmptyState title={tc("loadFailed")} action={<Button onClick={() => list.refetch()}>{tc("retry")}</Button>} />
      ) : !list.data?.length ? (
        <EmptyState
          title={tc("empty.title")}
          description={tc("empty.description")}
          action={<Button onClick={() => go("add")}>{tc("add")}</Button>}
        />
      ) : (
        <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
          {list.data.map((c) => (
            <li key={c.id} className="flex">
              <div className="flex w-full flex-col [&>*]:flex-1">
                <ConnectionCard connection={c} platform={byId.get(c.platform)} onEdit={() => go(`edit=${c.id}`)} />
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
