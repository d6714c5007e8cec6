export * from "./partners";
export * from "./connections";
export * from "./jobs";
export * from "./activity";
export * from "./catalog";
export * from "./listings";
export * from "./orders";
export * from "./platform-calls";
