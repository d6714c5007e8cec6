// Query cost the way https://shopify.dev/docs/api/usage/limits#graphql-admin-api-rate-limits describes it:
// scalars and enums 0, objects 1, connections 2 + (first|last) × the cost of one item, mutations 10.
// The requested cost is computed from the arguments before running; the actual cost from what was returned.
import {
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  valueFromAST,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from "graphql";

export const MUTATION_COST = 10;
export const CONNECTION_BASE_COST = 2;

interface CostContext {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function argValue(field: FieldNode, def: GraphQLField<unknown, unknown>, name: string, ctx: CostContext): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  const argDef = def.args.find((a) => a.name === name);
  if (!arg || !argDef) return undefined;
  return valueFromAST(arg.value, argDef.type, ctx.variables as { [key: string]: unknown });
}

type Data = Record<string, unknown> | null | undefined;

/**
 * Cost of a selection set on `parent`. With `data` undefined it is the requested cost; with the response data at
 * this level it is the actual cost (connections count what came back).
 */
function selectionCost(set: SelectionSetNode | undefined, parent: GraphQLCompositeType, data: Data | "requested", ctx: CostContext): number {
  if (!set) return 0;
  let total = 0;
  for (const sel of set.selections) {
    if (sel.kind === "InlineFragment") {
      const cond = sel.typeCondition ? (ctx.schema.getType(sel.typeCondition.name.value) as GraphQLCompositeType | undefined) : parent;
      total += selectionCost(sel.selectionSet, cond ?? parent, data, ctx);
      continue;
    }
    if (sel.kind === "FragmentSpread") {
      const frag = ctx.fragments[sel.name.value];
      const cond = frag ? (ctx.schema.getType(frag.typeCondition.name.value) as GraphQLCompositeType | undefined) : undefined;
      if (frag && cond) total += selectionCost(frag.selectionSet, cond, data, ctx);
      continue;
    }
    if (sel.name.value.startsWith("__")) continue;
    if (!isObjectType(parent) && !("getFields" in parent)) continue;
    const def = (parent as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields()[sel.name.value];
    if (!def) continue;
    const named = getNamedType(def.type);
    if (isLeafType(named)) continue;
    const key = sel.alias?.value ?? sel.name.value;
    const value = data === "requested" ? "requested" : (data?.[key] as Data | Data[] | undefined);
    if (value === null || value === undefined) continue;
    const composite = named as GraphQLCompositeType;
    if (named.name.endsWith("Connection") && isObjectType(named)) {
      total += CONNECTION_BASE_COST + connectionItemsCost(sel, def, named, value as Data | "requested", ctx);
    } else if (isList(def.type)) {
      // A plain list of objects is charged like one object (Shopify sizes only connections).
      const first = value === "requested" ? "requested" : ((value as Data[])[0] ?? null);
      total += 1 + (first === null ? 0 : selectionCost(sel.selectionSet, composite, first, ctx));
    } else {
      total += 1 + selectionCost(sel.selectionSet, composite, value as Data | "requested", ctx);
    }
  }
  return total;
}

function connectionItemsCost(
  field: FieldNode,
  def: GraphQLField<unknown, unknown>,
  connection: GraphQLCompositeType,
  value: Data | "requested",
  ctx: CostContext,
): number {
  const size = Number(argValue(field, def, "first", ctx) ?? argValue(field, def, "last", ctx) ?? 0);
  const fields = (connection as { getFields(): Record<string, GraphQLField<unknown, unknown>> }).getFields();
  let total = 0;
  const visit = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === "InlineFragment") {
        visit(sel.selectionSet);
        continue;
      }
      if (sel.kind === "FragmentSpread") {
        visit(ctx.fragments[sel.name.value]?.selectionSet);
        continue;
      }
      const key = sel.alias?.value ?? sel.name.value;
      if (sel.name.value === "nodes") {
        const nodeType = getNamedType(fields.nodes!.type) as GraphQLCompositeType;
        if (value === "requested") total += size * (1 + selectionCost(sel.selectionSet, nodeType, "requested", ctx));
        else for (const item of ((value?.[key] as Data[]) ?? [])) total += 1 + selectionCost(sel.selectionSet, nodeType, item, ctx);
      } else if (sel.name.value === "edges") {
        const edgeType = getNamedType(fields.edges!.type) as GraphQLCompositeType;
        if (value === "requested") total += size * selectionCost(sel.selectionSet, edgeType, "requested", ctx);
        else for (const edge of ((value?.[key] as Data[]) ?? [])) total += selectionCost(sel.selectionSet, edgeType, edge, ctx);
      }
      // pageInfo is free.
    }
  };
  visit(field.selectionSet);
  return total;
}

/** Requested (data omitted) or actual (response data given) cost of one operation. */
export function queryCost(
  schema: GraphQLSchema,
  operation: { operation: "query" | "mutation" | "subscription"; selectionSet: SelectionSetNode },
  fragments: Record<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  data?: Record<string, unknown> | null,
): number {
  const ctx: CostContext = { schema, fragments, variables };
  if (operation.operation === "mutation") {
    const fields = operation.selectionSet.selections.filter((s) => s.kind === "Field" && !s.name.value.startsWith("__"));
    if (data === undefined) return fields.length * MUTATION_COST;
    // A mutation that did not run (its field is null because of an error) costs nothing.
    return fields.filter((s) => s.kind === "Field" && data?.[s.alias?.value ?? s.name.value] != null).length * MUTATION_COST;
  }
  const root = schema.getQueryType()!;
  return selectionCost(operation.selectionSet, root, data === undefined ? "requested" : data, ctx);
}
