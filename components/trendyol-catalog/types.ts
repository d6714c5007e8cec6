import type { Outputs } from "@/components/status/types";

type Catalog = Outputs["trendyolCatalog"];
export type ReferenceStatus = Catalog["status"];
export type CategoryRow = Catalog["categories"][number];
export type CategoryDetail = Catalog["category"];
export type CategoryAttribute = NonNullable<CategoryDetail["attributes"]>[number];
export type MappingsData = Catalog["mappings"];
export type Mapping = MappingsData["mappings"][number];
export type Readiness = Catalog["readiness"];
export type NotReadyProduct = Readiness["notReady"][number];
export type ReadinessProblem = NotReadyProduct["problems"][number];
