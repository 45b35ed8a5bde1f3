export * from "./format/schema/schema.js";
