import { nativeRoute } from "@/lib/api/native";
import { jsonResponse } from "@/lib/api/json";
import { getOpenApiDocument } from "@/lib/api/openapi/document";

// the same for every caller and fixed until the next deploy: rendered at build time, cacheable by anyone
export const dynamic = "force-static";

/** The OpenAPI 3.1 document of the native API; public. */
export const GET = nativeRoute(
  async () => jsonResponse(getOpenApiDocument(), { headers: { "cache-control": "public, max-age=3600" } }),
  { auth: "none" },
);
