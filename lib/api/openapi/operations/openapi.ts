import { z } from "zod";
import { defineOperations } from "../operation";

export const OPENAPI_OPERATIONS = defineOperations([
  {
    method: "get",
    path: "/api/v1/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "Get this OpenAPI document",
    description: "The OpenAPI 3.1 description of every native endpoint, generated from the schemas the routes validate with. No key needed.",
    tags: ["Reference"],
    auth: "none",
    responses: { 200: z.looseObject({ openapi: z.literal("3.1.0") }).meta({ description: "The OpenAPI 3.1 document." }) },
  },
]);
