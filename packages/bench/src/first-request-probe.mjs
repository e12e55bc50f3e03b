// Runs in a fresh node process with the local stack's SST_RESOURCE_* variables: imports the
// bundle, then times the first invocation (it loads undici for the first fetch and runs the
// first queries), as the first request after a Lambda cold start does. Every fetch the handler
// makes is counted by the service it calls, so routes and hand-written references are counted alike.
const bundle = process.argv[2];
const event = JSON.parse(process.env.BENCH_EVENT);
const resource = (name) => JSON.parse(process.env[`SST_RESOURCE_${name}`] ?? "{}");
const cacheEndpoint = resource("Cache").httpEndpoint ?? "\0";
const storageEndpoint = resource("Storage").endpoint ?? "\0";
// Apple's and Google's public keys: a Lambda fetches them once, on its first sign-in check.
const identityKeys = Object.values(resource("Identity")).filter((value) => /^https?:/.test(String(value)));
const roundTrips = { database: 0, cache: 0, storage: 0, identityKeys: 0, other: 0 };
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = input instanceof Request ? input.url : String(input);
  if (url.includes("/psdb.v1alpha1.Database/")) roundTrips.database++;
  else if (url.startsWith(cacheEndpoint)) roundTrips.cache++;
  else if (url.startsWith(storageEndpoint)) roundTrips.storage++;
  else if (identityKeys.some((keys) => url.startsWith(keys))) roundTrips.identityKeys++;
  else roundTrips.other++;
  return realFetch(input, init);
};
const { handler } = await import(bundle);
const evaluatedMs = performance.now();
const result = await handler(event);
const firstInvokeMs = performance.now() - evaluatedMs;
process.stdout.write(
  `\n${JSON.stringify({ bench: { evaluatedMs, firstInvokeMs, status: result.statusCode, roundTrips } })}\n`,
);
