// `pnpm bench:content`: what user-made content costs the API versus the CDN, on the wire, through
// the local gateway and CDN (real HTTP, bytes counted on the sockets: request line, headers and
// body), for an average room (20 pieces of furniture); and the sticker upload path (grant,
// presigned PUT to the local S3, completion) timed warm. Writes bench/results/content.json.
import { mkdir, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { sampleRoom } from "@gogh/core/room/testing";
import { samplePng } from "@gogh/core/sticker/testing";
import { call, newCaller } from "@gogh/functions/testing";
import { db } from "@gogh/core/db";
import { seed } from "@gogh/core/seed";
import { startGateway } from "@gogh/local/gateway";
import { assertReachable, dropDatabase, mysqlTarget } from "@gogh/local/mysql";
import { startStack } from "@gogh/local/stack";
import { median, percentile, round } from "./stats";

const database = "gogh_bench_content";
const averagePieces = 20;
const stickerRuns = Number(process.env.BENCH_STICKER_RUNS ?? 30);

interface Exchange {
  status: number;
  /** Bytes the client sent: request line, headers, body. */
  sent: number;
  /** Bytes the client received: status line, headers, body. */
  received: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/** One request on a fresh connection, counting the bytes on the socket both ways. */
function exchange(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method ?? "GET", headers: options.headers, agent: false });
    outgoing.on("error", reject);
    outgoing.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const socket = outgoing.socket!;
        resolve({
          status: response.statusCode ?? 0,
          sent: socket.bytesWritten,
          received: socket.bytesRead,
          body: Buffer.concat(chunks).toString("utf8"),
          headers: response.headers,
        });
      });
    });
    outgoing.end(options.body);
  });
}

async function main(): Promise<void> {
  const target = mysqlTarget();
  await assertReachable(target);
  const stack = await startStack({ database, fresh: true });
  // Master data: the room's furniture is starter items from the catalog.
  await seed(db());
  const gateway = await startGateway();
  try {
    const owner = await newCaller();
    const visitor = await newCaller();
    const auth = (token: string) => ({ authorization: `Bearer ${token}`, "content-type": "application/json" });

    // Saving: the client sends the whole document to the API once per save.
    const document = sampleRoom(averagePieces);
    const body = JSON.stringify({ name: "Study room", visibility: "public", document });
    const created = await exchange(`${gateway.url}/v1/me/rooms`, {
      method: "POST",
      headers: auth(owner.accessToken),
      body,
    });
    if (created.status !== 201) throw new Error(`create answered ${created.status}: ${created.body}`);
    const createdRoom = JSON.parse(created.body) as { id: string };
    const saved = await exchange(`${gateway.url}/v1/me/rooms/${createdRoom.id}`, {
      method: "PUT",
      headers: { ...auth(owner.accessToken), "if-match": '"1"' },
      body,
    });
    if (saved.status !== 200) throw new Error(`save answered ${saved.status}: ${saved.body}`);
    const savedRoom = JSON.parse(saved.body) as { url: string };

    // Visiting: the API answers which rooms there are (metadata and URLs); the CDN serves the document.
    const listed = await exchange(`${gateway.url}/v1/users/${owner.friendId}/rooms`, {
      headers: auth(visitor.accessToken),
    });
    if (listed.status !== 200) throw new Error(`list answered ${listed.status}: ${listed.body}`);
    const fetched = await exchange(savedRoom.url);
    if (fetched.status !== 200) throw new Error(`CDN answered ${fetched.status}`);
    // A device that has the document revalidates it with its ETag, and an immutable URL is not even revalidated.
    const revalidated = await exchange(savedRoom.url, { headers: { "if-none-match": String(fetched.headers.etag) } });

    const documentBytes = Buffer.byteLength(JSON.stringify(document));
    const room = {
      pieces: averagePieces,
      documentBytes,
      save: { apiSent: saved.sent, apiReceived: saved.received },
      visit: {
        apiSent: listed.sent,
        apiReceived: listed.received,
        cdnSent: fetched.sent,
        cdnReceived: fetched.received,
        cdnRevalidated: { status: revalidated.status, received: revalidated.received },
        cacheControl: fetched.headers["cache-control"],
      },
    };

    // Stickers: the grant (presigning needs no call to S3), the client's PUT, and the completion.
    const grantMs: number[] = [];
    const uploadMs: number[] = [];
    const completeMs: number[] = [];
    const png = samplePng(256, 256);
    const uploader = await newCaller();
    let storageOps = { grant: 0, complete: 0 };
    for (let i = 0; i < stickerRuns; i++) {
      // A fresh person every few runs: the daily upload limit holds for the bench too.
      const person = i % 20 === 0 && i > 0 ? await newCaller() : uploader;
      let started = performance.now();
      const grant = await call("POST /v1/stickers/uploads", {
        token: person.accessToken,
        body: { contentType: "image/png", byteLength: png.length },
      });
      grantMs.push(performance.now() - started);
      if (grant.status !== 201) throw new Error(`upload grant answered ${grant.status}: ${JSON.stringify(grant.body)}`);
      started = performance.now();
      const put = await fetch(grant.body.uploadUrl, { method: "PUT", headers: grant.body.headers, body: png });
      uploadMs.push(performance.now() - started);
      if (put.status !== 200) throw new Error(`presigned PUT answered ${put.status}`);
      started = performance.now();
      const done = await call("POST /v1/stickers/{id}/complete", {
        token: person.accessToken,
        path: { id: grant.body.stickerId },
      });
      completeMs.push(performance.now() - started);
      if (done.status !== 200) throw new Error(`complete answered ${done.status}: ${JSON.stringify(done.body)}`);
      storageOps = { grant: grant.log.storageOps as number, complete: done.log.storageOps as number };
    }
    const timing = (values: number[]) => ({ p50Ms: round(median(values)), p90Ms: round(percentile(values, 90)) });
    const results = {
      startedAt: new Date().toISOString(),
      room: room,
      sticker: {
        runs: stickerRuns,
        imageBytes: png.length,
        pixels: "256×256",
        grant: { ...timing(grantMs), storageOps: storageOps.grant },
        presignedPut: timing(uploadMs),
        complete: { ...timing(completeMs), storageOps: storageOps.complete },
      },
    };
    const folder = new URL("../../../bench/results/", import.meta.url);
    await mkdir(folder, { recursive: true });
    await writeFile(new URL("content.json", folder), `${JSON.stringify(results, null, 2)}\n`);

    const visitApi = room.visit.apiSent + room.visit.apiReceived;
    const visitCdn = room.visit.cdnSent + room.visit.cdnReceived;
    process.stdout.write(
      [
        `An average room (${averagePieces} pieces): a ${documentBytes}-byte document.`,
        `  save   API ${room.save.apiSent} B sent + ${room.save.apiReceived} B received`,
        `  visit  API ${visitApi} B (the room list: metadata and URLs), CDN ${visitCdn} B (the document, ${room.visit.cacheControl})`,
        `         a device that has the document: ${revalidated.status} with ${revalidated.received} B if it revalidates, 0 B while immutable`,
        `Stickers (${png.length}-byte 256×256 PNG, ${stickerRuns} runs, warm, in process):`,
        `  grant     p50 ${results.sticker.grant.p50Ms} ms, p90 ${results.sticker.grant.p90Ms} ms, ${storageOps.grant} S3 calls`,
        `  PUT (S3)  p50 ${results.sticker.presignedPut.p50Ms} ms`,
        `  complete  p50 ${results.sticker.complete.p50Ms} ms, p90 ${results.sticker.complete.p90Ms} ms, ${storageOps.complete} S3 calls`,
        "",
      ].join("\n"),
    );
  } finally {
    await gateway.close();
    await stack.close();
    await dropDatabase(target, database);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
