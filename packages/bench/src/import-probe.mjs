// Runs in a fresh node process: how long after process start the bundle is evaluated, which is
// what Lambda's init phase pays for the module (performance.now() counts from process start).
const bundle = process.argv[2];
await import(bundle);
const evaluatedMs = performance.now();
process.stdout.write(`\n${JSON.stringify({ bench: { evaluatedMs } })}\n`);
