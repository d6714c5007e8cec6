export * from "./partners";
export * from "./connections";
export * from "./jobs";
export * from "./activity";
