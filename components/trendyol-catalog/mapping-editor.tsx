"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers";
import { Alert } from "@/components/ui/alert";
import { Badge, Button, Card, EmptyState, Input, Select } from "@/components/ui";
import { BrandBrowser } from "./brand-browser";
import { CategoryBrowser } from "./category-browser";
import type { CategoryAttribute, CategoryRow, Mapping } from "./types";
import { useReferenceJob } from "./use-job";

type Source = { from?: string; value?: string };

/** Every catalog category with its Trendyol mapping; one at a time is edited below the list. */
export function MappingEditor({ connectionId }: { connectionId: string }) {
  const t = useTranslations("trendyolCatalog.mapping");
  const trpc = useTRPC();
  const data = useQuery(trpc.trendyolCatalog.mappings.queryOptions({ connectionId }));
  const [editing, setEditing] = useState<string | null>(null);

  if (data.isLoading) return <p className="text-sm text-slate-500">{t("loading")}</p>;
  if (data.isError || !data.data) return <Alert tone="error">{t("loadFailed")}</Alert>;
  const { catalogCategories, mappings, catalogAttributes } = data.data;
  if (catalogCategories.length === 0) return <EmptyState title={t("noCatalogCategories.title")} description={t("noCatalogCategories.description")} />;
  const mappingOf = (category: string) => mappings.find((m) => m.catalogCategory === category);

  return (
    <div className="space-y-4" data-testid="mapping-editor">
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {catalogCategories.map(({ category, productCount }) => {
          const m = mappingOf(category);
          return (
            <li key={category} className="flex flex-col gap-2 px-4 py-3 sm:flex-row sm:items-center sm:justify-between" data-testid="catalog-category" data-category={category}>
              <div className="min-w-0">
                <p className="font-medium text-slate-900">
                  {category} <span className="text-sm font-normal text-slate-500">· {t("products", { count: productCount })}</span>
                </p>
                {m ? (
                  <p className="truncate text-sm text-slate-600">
                    → {m.category ? m.category.path.join(" / ") : `#${m.platformCategoryId}`}
                    {m.brand ? <span className="text-slate-500"> · {t("brandLabel", { brand: m.brand.name })}</span> : null}
                  </p>
                ) : (
                  <Badge tone="amber">{t("unmapped")}</Badge>
                )}
              </div>
              <Button size="sm" variant={editing === category ? "primary" : "secondary"} onClick={() => setEditing(editing === category ? null : category)} data-testid="edit-mapping">
                {m ? t("edit") : t("map")}
              </Button>
            </li>
          );
        })}
      </ul>
      {editing ? (
        <MappingForm
          key={editing}
          connectionId={connectionId}
          catalogCategory={editing}
          mapping={mappingOf(editing) ?? null}
          catalogAttributes={catalogAttributes}
          onDone={() => setEditing(null)}
        />
      ) : null}
    </div>
  );
}

function MappingForm({
  connectionId,
  catalogCategory,
  mapping,
  catalogAttributes,
  onDone,
}: {
  connectionId: string;
  catalogCategory: string;
  mapping: Mapping | null;
  catalogAttributes: string[];
  onDone: () => void;
}) {
  const t = useTranslations("trendyolCatalog.mapping");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [category, setCategory] = useState<CategoryRow | null>(mapping?.category ?? null);
  const [brand, setBrand] = useState<{ id: string; name: string } | null>(mapping?.brand ?? null);
  const [sources, setSources] = useState<Record<string, Source>>(mapping?.attributes ?? {});
  const [pickingCategory, setPickingCategory] = useState(!mapping);
  const [pickingBrand, setPickingBrand] = useState(false);
  const detail = useQuery(trpc.trendyolCatalog.category.queryOptions({ connectionId, categoryId: category?.id ?? "0" }, { enabled: Boolean(category) }));
  const fetchJob = useReferenceJob();
  const fetchAttributes = useMutation(trpc.trendyolCatalog.refresh.mutationOptions({ onSuccess: (r) => fetchJob.setJobId(r.jobId) }));
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.trendyolCatalog.pathKey() });
  const save = useMutation(trpc.trendyolCatalog.saveMapping.mutationOptions({ onSuccess: async () => (await invalidate(), onDone()) }));
  const remove = useMutation(trpc.trendyolCatalog.deleteMapping.mutationOptions({ onSuccess: async () => (await invalidate(), onDone()) }));

  const attributes = detail.data?.attributes ?? null;
  const requiredUnset = (attributes ?? []).filter((a) => a.required && !sources[String(a.id)]?.from && !sources[String(a.id)]?.value);
  const setSource = (id: number, s: Source | null) =>
    setSources((prev) => {
      const next = { ...prev };
      if (s) next[String(id)] = s;
      else delete next[String(id)];
      return next;
    });

  return (
    <Card className="space-y-5" data-testid="mapping-form">
      <div>
        <h3 className="text-base font-semibold text-slate-900">{t("formTitle", { category: catalogCategory })}</h3>
        <p className="text-sm text-slate-600">{t("formHelp")}</p>
      </div>

      <section className="space-y-2">
        <div className="flex items-center justify-between gap-2">
          <h4 className="text-sm font-semibold text-slate-800">{t("trendyolCategory")}</h4>
          {category && !pickingCategory ? (
            <Button size="sm" variant="ghost" onClick={() => setPickingCategory(true)}>
              {t("change")}
            </Button>
          ) : null}
        </div>
        {category ? (
          <p className="text-sm text-slate-900" data-testid="picked-category">
            {category.path.join(" / ")} <span className="font-mono text-xs text-slate-500">#{category.id}</span>
          </p>
        ) : (
          <p className="text-sm text-slate-500">{t("noCategory")}</p>
        )}
        {pickingCategory ? (
          <CategoryBrowser
            connectionId={connectionId}
            pickedId={category?.id}
            onPick={(c) => {
              // Attribute ids belong to a category: another category starts from an empty attribute mapping.
              if (c.id !== category?.id) setSources({});
              setCategory(c);
              setPickingCategory(false);
            }}
          />
        ) : null}
      </section>

      <section className="space-y-2">
        <div className="flex items-center justify-between gap-2">
          <h4 className="text-sm font-semibold text-slate-800">{t("brand")}</h4>
          <div className="flex gap-1">
            {brand ? (
              <Button size="sm" variant="ghost" onClick={() => setBrand(null)}>
                {t("clearBrand")}
              </Button>
            ) : null}
            <Button size="sm" variant="ghost" onClick={() => setPickingBrand(!pickingBrand)}>
              {pickingBrand ? t("close") : t("change")}
            </Button>
          </div>
        </div>
        <p className="text-sm text-slate-900">{brand ? `${brand.name} #${brand.id}` : t("brandFromProduct")}</p>
        {pickingBrand ? (
          <BrandBrowser
            connectionId={connectionId}
            pickedId={brand?.id}
            onPick={(b) => {
              setBrand(b);
              setPickingBrand(false);
            }}
          />
        ) : null}
      </section>

      {category ? (
        <section className="space-y-2">
          <h4 className="text-sm font-semibold text-slate-800">{t("attributes")}</h4>
          {detail.isLoading ? (
            <p className="text-sm text-slate-500">{t("loading")}</p>
          ) : attributes === null ? (
            <div className="space-y-2">
              <p className="text-sm text-slate-600">{t("attributesNotFetched")}</p>
              <Button
                size="sm"
                variant="secondary"
                disabled={fetchJob.running || fetchAttributes.isPending}
                onClick={() => fetchAttributes.mutate({ connectionId, dataType: "attributes", categoryIds: [Number(category.id)] })}
                data-testid="fetch-attributes"
              >
                {fetchJob.running ? t("fetchingAttributes") : t("fetchAttributes")}
              </Button>
              {fetchJob.state === "failed" ? <p className="text-sm text-red-700">{t("fetchFailed", { error: fetchJob.job?.error ?? "—" })}</p> : null}
            </div>
          ) : attributes.length === 0 ? (
            <p className="text-sm text-slate-500">{t("noAttributes")}</p>
          ) : (
            <ul className="divide-y divide-slate-100 rounded-md border border-slate-200">
              {attributes.map((a) => (
                <AttributeRow key={a.id} attribute={a} source={sources[String(a.id)]} catalogAttributes={catalogAttributes} onChange={(s) => setSource(a.id, s)} />
              ))}
            </ul>
          )}
          {requiredUnset.length ? (
            <Alert tone="info" testId="required-unset">
              {t("requiredUnset", { names: requiredUnset.map((a) => a.name).join(", ") })}
            </Alert>
          ) : null}
        </section>
      ) : null}

      {save.isError ? <Alert tone="error">{t("saveFailed", { error: save.error.message })}</Alert> : null}
      {remove.isError ? <Alert tone="error">{t("deleteFailed")}</Alert> : null}
      <div className="flex flex-wrap gap-2 border-t border-slate-100 pt-3">
        <Button
          disabled={!category || save.isPending}
          onClick={() => category && save.mutate({ connectionId, catalogCategory, platformCategoryId: category.id, brandId: brand?.id ?? null, attributes: sources })}
          data-testid="save-mapping"
        >
          {t("save")}
        </Button>
        <Button variant="secondary" onClick={onDone}>
          {t("cancel")}
        </Button>
        {mapping ? (
          <Button variant="ghost" className="ml-auto text-red-700" disabled={remove.isPending} onClick={() => remove.mutate({ connectionId, catalogCategory })}>
            {t("delete")}
          </Button>
        ) : null}
      </div>
    </Card>
  );
}

function AttributeRow({
  attribute,
  source,
  catalogAttributes,
  onChange,
}: {
  attribute: CategoryAttribute;
  source: Source | undefined;
  catalogAttributes: string[];
  onChange: (s: Source | null) => void;
}) {
  const t = useTranslations("trendyolCatalog.mapping");
  const mode = source?.from !== undefined ? "from" : source?.value !== undefined ? "value" : "";
  const id = `attr-${attribute.id}`;
  const listId = `${id}-values`;
  return (
    <li className="grid gap-2 px-3 py-2 text-sm sm:grid-cols-[minmax(0,14rem)_10rem_minmax(0,1fr)] sm:items-center" data-testid="attribute-row" data-attribute-id={attribute.id}>
      <div className="min-w-0">
        <label htmlFor={id} className="font-medium text-slate-900">
          {attribute.name}
        </label>
        <div className="mt-0.5 flex flex-wrap gap-1">
          {attribute.required ? <Badge tone="red">{t("required")}</Badge> : <Badge>{t("optional")}</Badge>}
          {attribute.varianter ? <Badge tone="blue">{t("varianter")}</Badge> : null}
          {attribute.allowCustom ? <Badge tone="green">{t("allowCustom")}</Badge> : null}
        </div>
      </div>
      <Select
        id={id}
        value={mode}
        onChange={(e) => onChange(e.target.value === "from" ? { from: catalogAttributes[0] ?? "" } : e.target.value === "value" ? { value: "" } : null)}
        aria-label={t("sourceLabel", { name: attribute.name })}
      >
        <option value="">{t("sources.none")}</option>
        <option value="from">{t("sources.from")}</option>
        <option value="value">{t("sources.value")}</option>
      </Select>
      <div className="min-w-0">
        {mode === "from" ? (
          catalogAttributes.length ? (
            <Select value={source?.from ?? ""} onChange={(e) => onChange({ from: e.target.value })} aria-label={t("fieldLabel", { name: attribute.name })}>
              {catalogAttributes.map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </Select>
          ) : (
            <Input value={source?.from ?? ""} onChange={(e) => onChange({ from: e.target.value })} placeholder={t("fieldPlaceholder")} aria-label={t("fieldLabel", { name: attribute.name })} />
          )
        ) : mode === "value" ? (
          attribute.allowCustom ? (
            <>
              <Input list={listId} value={source?.value ?? ""} onChange={(e) => onChange({ value: e.target.value })} placeholder={t("valuePlaceholder")} aria-label={t("valueLabel", { name: attribute.name })} />
              <datalist id={listId}>
                {attribute.values.map((v) => (
                  <option key={v.id} value={v.name} />
                ))}
              </datalist>
            </>
          ) : (
            <Select value={source?.value ?? ""} onChange={(e) => onChange({ value: e.target.value })} aria-label={t("valueLabel", { name: attribute.name })}>
              <option value="">{t("chooseValue")}</option>
              {attribute.values.map((v) => (
                <option key={v.id} value={String(v.id)}>
                  {v.name}
                </option>
              ))}
            </Select>
          )
        ) : (
          <p className="text-xs text-slate-500">{attribute.required ? t("requiredHint") : t("optionalHint")}</p>
        )}
      </div>
    </li>
  );
}
