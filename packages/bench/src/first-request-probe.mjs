// Runs in a fresh node process with the local stack's SST_RESOURCE_* variables: imports the
// bundle, then times the first invocation (it loads undici for the first fetch and runs the
// first queries), as the first request after a Lambda cold start does.
const bundle = process.argv[2];
const event = JSON.parse(process.env.BENCH_EVENT);
const { handler } = await import(bundle);
const evaluatedMs = performance.now();
const result = await handler(event);
const firstInvokeMs = performance.now() - evaluatedMs;
process.stdout.write(`\n${JSON.stringify({ bench: { evaluatedMs, firstInvokeMs, status: result.statusCode } })}\n`);
