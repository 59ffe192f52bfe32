/*
 * A tiny static file server for the built add-in (dist/), for browser tests: GET and HEAD
 * only, correct content types, nothing outside the served folder, no caching.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { type AddressInfo } from "node:net";
import { createServer } from "node:http";
import * as path from "node:path";

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

/** The content type for a file name, by its extension; unknown ones are plain bytes. */
export function contentTypeFor(fileName: string): string {
  return CONTENT_TYPES[path.extname(fileName).toLowerCase()] ?? "application/octet-stream";
}

export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  close(): Promise<void>;
}

/** Serves the files under `root` on 127.0.0.1 at a free port. */
export async function serveDirectory(root: string): Promise<StaticServer> {
  const base = path.resolve(root);
  const server = createServer((request, response) => {
    const fail = (status: number, text: string) => {
      response.writeHead(status, { "Content-Type": "text/plain; charset=utf-8" });
      response.end(text);
    };
    if (request.method !== "GET" && request.method !== "HEAD") return fail(405, "method not allowed");
    let relative: string;
    try {
      relative = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      return fail(400, "bad path");
    }
    const file = path.resolve(base, "." + relative);
    if (file !== base && !file.startsWith(base + path.sep)) return fail(403, "outside the served folder");
    stat(file).then(
      (info) => {
        if (!info.isFile()) return fail(404, "not found");
        response.writeHead(200, {
          "Content-Type": contentTypeFor(file),
          "Content-Length": info.size,
          "Cache-Control": "no-store",
        });
        if (request.method === "HEAD") return response.end();
        createReadStream(file).pipe(response);
      },
      () => fail(404, "not found"),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
