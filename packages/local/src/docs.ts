import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The API's documentation, served by the local gateway: `/openapi.json` (generated from the
 * route table on first request, so it is never stale here) and a Swagger UI page at `/docs`
 * whose assets come from the swagger-ui-dist package, so it works offline.
 */
const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const assets: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
  "favicon-32x32.png": "image/png",
};

const page = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Gogh API</title>
  <link rel="stylesheet" href="/docs/swagger-ui.css">
  <link rel="icon" href="/docs/favicon-32x32.png">
</head>
<body>
  <div id="docs"></div>
  <script src="/docs/swagger-ui-bundle.js"></script>
  <script>SwaggerUIBundle({ url: "/openapi.json", dom_id: "#docs", persistAuthorization: true });</script>
</body>
</html>
`;

let document: Promise<object> | undefined;

/** Answers the documentation paths; false for every other path. */
export async function serveDocs(
  pathname: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<boolean> {
  if (pathname === "/openapi.json") {
    // Loaded on first use: zod-openapi is for this page only, not for the gateway's start.
    document ??= import("@gogh/functions/openapi").then(({ openApiDocument }) => openApiDocument());
    const servers = [{ url: `http://${request.headers.host ?? "localhost"}`, description: "this local stack" }];
    send(response, "application/json; charset=utf-8", JSON.stringify({ ...(await document), servers }));
    return true;
  }
  if (pathname === "/docs" || pathname === "/docs/") {
    send(response, "text/html; charset=utf-8", page);
    return true;
  }
  const asset = pathname.startsWith("/docs/") ? pathname.slice("/docs/".length) : undefined;
  const type = asset === undefined ? undefined : assets[asset];
  if (!asset || !type) return false;
  send(response, type, await readFile(join(swaggerUi, asset)));
  return true;
}

function send(response: ServerResponse, type: string, body: string | Buffer): void {
  response.writeHead(200, { "content-type": type, "cache-control": "no-cache" });
  response.end(body);
}
