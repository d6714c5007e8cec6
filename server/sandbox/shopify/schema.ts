// The part of the Shopify Admin GraphQL API 2025-01 that the simulator answers: types, fields and arguments copied
// from specs/shopify/admin_schema_2025-01.json.gz (a subset; test/integration/platform-shopify.test.ts checks every
// field, argument and enum value against the official introspection). A document using anything outside it is
// refused with a validation error, as Shopify refuses unknown fields.
import { buildSchema, type GraphQLSchema } from "graphql";

export const SHOPIFY_API_VERSION = "2025-01";

export const SHOPIFY_SUBSET_SDL = /* GraphQL */ `
schema {
  query: QueryRoot
  mutation: Mutation
}

scalar Decimal

scalar Money

scalar UnsignedInt64

scalar HTML

scalar DateTime

scalar URL

type QueryRoot {
  shop: Shop!
  currentAppInstallation: AppInstallation!
  products(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, sortKey: ProductSortKeys = ID, query: String): ProductConnection!
  product(id: ID!): Product
  productOperation(id: ID!): ProductOperation
  locations(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String, includeLegacy: Boolean = false, includeInactive: Boolean = false): LocationConnection!
  location(id: ID): Location
  inventoryItem(id: ID!): InventoryItem
  webhookSubscriptions(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String, callbackUrl: URL, format: WebhookSubscriptionFormat, topics: [WebhookSubscriptionTopic!]): WebhookSubscriptionConnection!
  orders(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String): OrderConnection!
}

type Mutation {
  productSet(input: ProductSetInput!, synchronous: Boolean = true): ProductSetPayload
  inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
  webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
  productVariantsBulkUpdate(variants: [ProductVariantsBulkInput!]!, productId: ID!, allowPartialUpdates: Boolean = false): ProductVariantsBulkUpdatePayload
}

type Shop implements Node {
  id: ID!
  name: String!
  email: String!
  myshopifyDomain: String!
  currencyCode: CurrencyCode!
  ianaTimezone: String!
  plan: ShopPlan!
  createdAt: DateTime!
  updatedAt: DateTime!
  url: URL!
}

type ShopPlan {
  displayName: String!
  partnerDevelopment: Boolean!
  shopifyPlus: Boolean!
}

type AppInstallation implements Node {
  id: ID!
  accessScopes: [AccessScope!]!
}

type AccessScope {
  handle: String!
  description: String!
}

type Product implements Node {
  id: ID!
  title: String!
  handle: String!
  status: ProductStatus!
  vendor: String!
  productType: String!
  descriptionHtml: HTML!
  tags: [String!]!
  createdAt: DateTime!
  updatedAt: DateTime!
  totalInventory: Int!
  tracksInventory: Boolean!
  hasOnlyDefaultVariant: Boolean!
  legacyResourceId: UnsignedInt64!
  options(first: Int): [ProductOption!]!
  variants(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): ProductVariantConnection!
}

type ProductOption implements Node {
  id: ID!
  name: String!
  position: Int!
  values: [String!]!
}

type ProductVariant implements Node {
  id: ID!
  title: String!
  sku: String
  barcode: String
  price: Money!
  compareAtPrice: Money
  inventoryQuantity: Int
  position: Int!
  createdAt: DateTime!
  updatedAt: DateTime!
  inventoryItem: InventoryItem!
  product: Product!
  selectedOptions: [SelectedOption!]!
  legacyResourceId: UnsignedInt64!
  displayName: String!
}

type SelectedOption {
  name: String!
  value: String!
}

type InventoryItem implements Node {
  id: ID!
  sku: String
  tracked: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  legacyResourceId: UnsignedInt64!
  inventoryLevel(locationId: ID!): InventoryLevel
  inventoryLevels(first: Int, after: String, last: Int, before: String, reverse: Boolean = false, query: String): InventoryLevelConnection!
  variant: ProductVariant!
}

type InventoryLevel implements Node {
  id: ID!
  quantities(names: [String!]!): [InventoryQuantity!]!
  location: Location!
  item: InventoryItem!
  updatedAt: DateTime!
  createdAt: DateTime!
}

type InventoryQuantity implements Node {
  id: ID!
  name: String!
  quantity: Int!
  updatedAt: DateTime
}

type Location implements Node {
  id: ID!
  name: String!
  isActive: Boolean!
  legacyResourceId: UnsignedInt64!
  createdAt: DateTime!
  updatedAt: DateTime!
  inventoryLevel(inventoryItemId: ID!): InventoryLevel
  fulfillsOnlineOrders: Boolean!
}

type ProductConnection {
  edges: [ProductEdge!]!
  nodes: [Product!]!
  pageInfo: PageInfo!
}

type ProductEdge {
  cursor: String!
  node: Product!
}

type ProductVariantConnection {
  edges: [ProductVariantEdge!]!
  nodes: [ProductVariant!]!
  pageInfo: PageInfo!
}

type ProductVariantEdge {
  cursor: String!
  node: ProductVariant!
}

type LocationConnection {
  edges: [LocationEdge!]!
  nodes: [Location!]!
  pageInfo: PageInfo!
}

type LocationEdge {
  cursor: String!
  node: Location!
}

type InventoryLevelConnection {
  edges: [InventoryLevelEdge!]!
  nodes: [InventoryLevel!]!
  pageInfo: PageInfo!
}

type InventoryLevelEdge {
  cursor: String!
  node: InventoryLevel!
}

type WebhookSubscriptionConnection {
  edges: [WebhookSubscriptionEdge!]!
  nodes: [WebhookSubscription!]!
  pageInfo: PageInfo!
}

type WebhookSubscriptionEdge {
  cursor: String!
  node: WebhookSubscription!
}

type OrderConnection {
  edges: [OrderEdge!]!
  nodes: [Order!]!
  pageInfo: PageInfo!
}

type OrderEdge {
  cursor: String!
  node: Order!
}

type LineItemConnection {
  edges: [LineItemEdge!]!
  nodes: [LineItem!]!
  pageInfo: PageInfo!
}

type LineItemEdge {
  cursor: String!
  node: LineItem!
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

interface ProductOperation {
  product: Product
  status: ProductOperationStatus!
}

type ProductSetOperation implements Node & ProductOperation {
  id: ID!
  product: Product
  status: ProductOperationStatus!
  userErrors: [ProductSetUserError!]!
}

type ProductSetPayload {
  product: Product
  productSetOperation: ProductSetOperation
  userErrors: [ProductSetUserError!]!
}

type ProductSetUserError implements DisplayableError {
  code: ProductSetUserErrorCode
  field: [String!]
  message: String!
}

type InventorySetQuantitiesPayload {
  inventoryAdjustmentGroup: InventoryAdjustmentGroup
  userErrors: [InventorySetQuantitiesUserError!]!
}

type InventorySetQuantitiesUserError implements DisplayableError {
  code: InventorySetQuantitiesUserErrorCode
  field: [String!]
  message: String!
}

type InventoryAdjustmentGroup implements Node {
  id: ID!
  createdAt: DateTime!
  reason: String!
  referenceDocumentUri: String
  changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
}

type InventoryChange {
  name: String!
  delta: Int!
  quantityAfterChange: Int
  item: InventoryItem
  location: Location
}

type WebhookSubscriptionCreatePayload {
  userErrors: [UserError!]!
  webhookSubscription: WebhookSubscription
}

type UserError implements DisplayableError {
  field: [String!]
  message: String!
}

interface DisplayableError {
  field: [String!]
  message: String!
}

interface Node {
  id: ID!
}

type WebhookSubscription implements Node {
  id: ID!
  topic: WebhookSubscriptionTopic!
  format: WebhookSubscriptionFormat!
  endpoint: WebhookSubscriptionEndpoint!
  createdAt: DateTime!
  updatedAt: DateTime!
  includeFields: [String!]!
  filter: String
  apiVersion: ApiVersion!
  legacyResourceId: UnsignedInt64!
}

type WebhookHttpEndpoint {
  callbackUrl: URL!
}

type ApiVersion {
  handle: String!
  displayName: String!
  supported: Boolean!
}

type Order implements Node {
  id: ID!
  name: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  cancelledAt: DateTime
  displayFinancialStatus: OrderDisplayFinancialStatus
  displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
  totalPriceSet: MoneyBag!
  lineItems(first: Int, after: String, last: Int, before: String, reverse: Boolean = false): LineItemConnection!
  legacyResourceId: UnsignedInt64!
}

type LineItem implements Node {
  id: ID!
  title: String!
  sku: String
  quantity: Int!
  variant: ProductVariant
}

type MoneyBag {
  shopMoney: MoneyV2!
  presentmentMoney: MoneyV2!
}

type MoneyV2 {
  amount: Decimal!
  currencyCode: CurrencyCode!
}

input ProductSetInput {
  id: ID
  title: String
  handle: String
  descriptionHtml: String
  vendor: String
  productType: String
  status: ProductStatus
  tags: [String!]
  productOptions: [OptionSetInput!]
  variants: [ProductVariantSetInput!]
}

input OptionSetInput {
  id: ID
  name: String
  position: Int
  values: [OptionValueSetInput!]
}

input OptionValueSetInput {
  id: ID
  name: String
}

input ProductVariantSetInput {
  id: ID
  sku: String
  barcode: String
  price: Money
  compareAtPrice: Money
  position: Int
  optionValues: [VariantOptionValueInput!]!
  inventoryQuantities: [ProductSetInventoryInput!]
  inventoryItem: InventoryItemInput
  taxable: Boolean
  inventoryPolicy: ProductVariantInventoryPolicy
}

input VariantOptionValueInput {
  id: ID
  name: String
  optionId: ID
  optionName: String
}

input ProductSetInventoryInput {
  locationId: ID!
  name: String!
  quantity: Int!
}

input InventoryItemInput {
  sku: String
  tracked: Boolean
  cost: Decimal
  requiresShipping: Boolean
}

input InventorySetQuantitiesInput {
  reason: String!
  name: String!
  referenceDocumentUri: String
  quantities: [InventoryQuantityInput!]!
  ignoreCompareQuantity: Boolean = false
}

input InventoryQuantityInput {
  inventoryItemId: ID!
  locationId: ID!
  quantity: Int!
  compareQuantity: Int
}

input WebhookSubscriptionInput {
  callbackUrl: URL
  format: WebhookSubscriptionFormat
  includeFields: [String!]
  filter: String
}

enum ProductStatus {
  ACTIVE
  ARCHIVED
  DRAFT
}

enum ProductOperationStatus {
  CREATED
  ACTIVE
  COMPLETE
}

enum WebhookSubscriptionFormat {
  JSON
  XML
}

enum ProductSetUserErrorCode {
  GENERIC_ERROR
  INVALID_METAFIELD
  INVALID_VARIANT
  PRODUCT_DOES_NOT_EXIST
  PRODUCT_VARIANT_DOES_NOT_EXIST
  OPTION_DOES_NOT_EXIST
  OPTION_VALUE_DOES_NOT_EXIST
  OPTIONS_OVER_LIMIT
  OPTION_VALUES_OVER_LIMIT
  OPTION_VALUES_MISSING
  DUPLICATED_OPTION_NAME
  DUPLICATED_OPTION_VALUE
  VARIANTS_OVER_LIMIT
  PRODUCT_OPTIONS_INPUT_MISSING
  VARIANTS_INPUT_MISSING
  GIFT_CARDS_NOT_ACTIVATED
  GIFT_CARD_ATTRIBUTE_CANNOT_BE_CHANGED
  INVALID_PRODUCT
  INVALID_INPUT
  JOB_ERROR
  CAPABILITY_VIOLATION
  CANNOT_COMBINE_LINKED_AND_NONLINKED_OPTION_VALUES
  INVALID_METAFIELD_VALUE_FOR_LINKED_OPTION
  DUPLICATE_LINKED_OPTION
  LINKED_OPTIONS_NOT_SUPPORTED_FOR_SHOP
  LINKED_METAFIELD_DEFINITION_NOT_FOUND
  DUPLICATED_VALUE
  HANDLE_NOT_UNIQUE
}

enum InventorySetQuantitiesUserErrorCode {
  INVALID_INVENTORY_ITEM
  INVALID_LOCATION
  INVALID_QUANTITY_NEGATIVE
  INVALID_REASON
  INVALID_REFERENCE_DOCUMENT
  ITEM_NOT_STOCKED_AT_LOCATION
  INVALID_QUANTITY_TOO_HIGH
  INVALID_QUANTITY_TOO_LOW
  COMPARE_QUANTITY_REQUIRED
  COMPARE_QUANTITY_STALE
  INVALID_NAME
  NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR
  NON_MUTABLE_INVENTORY_ITEM
}

enum ProductVariantInventoryPolicy {
  DENY
  CONTINUE
}

type ProductVariantsBulkUpdatePayload {
  product: Product
  productVariants: [ProductVariant!]
  userErrors: [ProductVariantsBulkUpdateUserError!]!
}

type ProductVariantsBulkUpdateUserError implements DisplayableError {
  code: ProductVariantsBulkUpdateUserErrorCode
  field: [String!]
  message: String!
}

input ProductVariantsBulkInput {
  id: ID
  price: Money
  compareAtPrice: Money
  barcode: String
  taxable: Boolean
  inventoryPolicy: ProductVariantInventoryPolicy
  inventoryItem: InventoryItemInput
  inventoryQuantities: [InventoryLevelInput!]
  optionValues: [VariantOptionValueInput!]
}

input InventoryLevelInput {
  availableQuantity: Int!
  locationId: ID!
}

enum ProductVariantsBulkUpdateUserErrorCode {
  INVALID_INPUT
  CANNOT_SPECIFY_BOTH
  MUST_SPECIFY_ONE_OF_PAIR
  PRODUCT_DOES_NOT_EXIST
  PRODUCT_VARIANT_ID_MISSING
  PRODUCT_VARIANT_DOES_NOT_EXIST
  OPTION_DOES_NOT_EXIST
  OPTION_VALUE_DOES_NOT_EXIST
  MUST_BE_FOR_THIS_PRODUCT
  NOT_DEFINED_FOR_SHOP
  PRODUCT_SUSPENDED
  NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE
  VARIANT_ALREADY_EXISTS
  GREATER_THAN_OR_EQUAL_TO
  NEED_TO_ADD_OPTION_VALUES
  OPTION_VALUES_FOR_NUMBER_OF_UNKNOWN_OPTIONS
  SUBSCRIPTION_VIOLATION
  NO_INVENTORY_QUANTITES_DURING_UPDATE
  NEGATIVE_PRICE_VALUE
  CANNOT_SET_NAME_FOR_LINKED_OPTION_VALUE
  UNSUPPORTED_COMBINED_LISTING_PARENT_OPERATION
}

enum ProductSortKeys {
  CREATED_AT
  ID
  INVENTORY_TOTAL
  PRODUCT_TYPE
  PUBLISHED_AT
  RELEVANCE
  TITLE
  UPDATED_AT
  VENDOR
}

enum OrderDisplayFinancialStatus {
  PENDING
  AUTHORIZED
  PARTIALLY_PAID
  PARTIALLY_REFUNDED
  VOIDED
  PAID
  REFUNDED
  EXPIRED
}

enum OrderDisplayFulfillmentStatus {
  UNFULFILLED
  PARTIALLY_FULFILLED
  FULFILLED
  RESTOCKED
  PENDING_FULFILLMENT
  OPEN
  IN_PROGRESS
  ON_HOLD
  SCHEDULED
  REQUEST_DECLINED
}

enum CurrencyCode {
  TRY
  USD
  EUR
  GBP
}

enum WebhookSubscriptionTopic {
  APP_UNINSTALLED
  BULK_OPERATIONS_FINISH
  INVENTORY_LEVELS_UPDATE
  INVENTORY_ITEMS_UPDATE
  ORDERS_CREATE
  ORDERS_UPDATED
  ORDERS_PAID
  ORDERS_CANCELLED
  ORDERS_FULFILLED
  PRODUCTS_CREATE
  PRODUCTS_UPDATE
  PRODUCTS_DELETE
  SHOP_UPDATE
}

union WebhookSubscriptionEndpoint = WebhookHttpEndpoint
`;

let cached: GraphQLSchema | undefined;

export function shopifySubsetSchema(): GraphQLSchema {
  cached ??= buildSchema(SHOPIFY_SUBSET_SDL);
  return cached;
}
