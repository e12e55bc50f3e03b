// Runs in a fresh node process with the local stack's SST_RESOURCE_* variables: drives one cache
// operation through an adapter probe bundle, `concurrency` at once, after a warm-up, and prints
// every latency. Kept out of the bench's own process so that client and server (which runs in
// the bench's process) each get a core.
const bundle = process.argv[2];
const { op, requests, concurrency, warmupRequests, timeCapMs, keys, value, batch } = JSON.parse(
  process.env.BENCH_CACHE_LOAD,
);
const { adapter } = await import(bundle);
const cache = await adapter();

let counter = 0;
const issue = {
  // A hit, always: the keys were set before the run.
  get: async () => (await cache.get(keys[counter++ % keys.length])) !== undefined,
  set: async () => (await cache.set(`bench:set:${counter++ % 1000}`, value, 600), true),
  delete: async () => (await cache.delete(`bench:set:${counter++ % 1000}`), true),
  getMany: async () => {
    const start = (counter++ * batch) % keys.length;
    const wanted = Array.from({ length: batch }, (_, index) => keys[(start + index) % keys.length]);
    return (await cache.getMany(wanted)).size === batch;
  },
  setIfAbsent: async () => (await cache.setIfAbsent(`bench:once:${counter++ % 1000}`, value, 600), true),
  increment: async () => (await cache.increment(`bench:count:${counter++ % 100}`, 1, 600)) > 0,
}[op];
if (!issue) throw new Error(`unknown operation ${op}`);

async function run(count, capMs) {
  const latencies = [];
  let started = 0;
  let errors = 0;
  let firstError;
  const start = performance.now();
  const deadline = start + capMs;
  const worker = async () => {
    while (started < count && performance.now() < deadline) {
      started++;
      const sent = performance.now();
      const ok = await issue().catch((error) => {
        firstError ??= String(error);
        return false;
      });
      latencies.push(performance.now() - sent);
      if (!ok) errors++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { latencies, errors, seconds: (performance.now() - start) / 1000, firstError };
}

await run(warmupRequests, timeCapMs);
const result = await run(requests, timeCapMs);
process.stdout.write(`\n${JSON.stringify({ bench: result })}\n`);
process.exit(0);
