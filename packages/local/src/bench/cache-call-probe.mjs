// Runs in a fresh node process with the local stack's SST_RESOURCE_* variables: imports a cache
// adapter probe bundle, then times its first `get` of a key that exists (for HTTP: undici's
// first load and connection; for the SDK: channel set-up, and the SDK's load when it is lazy),
// then a second `get` on the now warm client.
const bundle = process.argv[2];
const key = process.env.BENCH_CACHE_KEY;
const { adapter } = await import(bundle);
const evaluatedMs = performance.now();
const cache = await adapter();
const first = await cache.get(key);
const firstGetMs = performance.now() - evaluatedMs;
const secondStart = performance.now();
const second = await cache.get(key);
const secondGetMs = performance.now() - secondStart;
const hit = first !== undefined && second !== undefined;
process.stdout.write(`\n${JSON.stringify({ bench: { evaluatedMs, firstGetMs, secondGetMs, hit } })}\n`);
// The gRPC channel would keep the process alive.
process.exit(0);
