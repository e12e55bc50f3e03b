// One "Lambda" of the capacity run: a child process that loads one route's handler and serves
// its events, with memory of its own (memos, settings, circuit), as a Lambda instance has.
// Its request log lines go to the parent, which reads the per-request counts from them.
import { logSink } from "@gogh/core/log";
import type { ApiEvent } from "@gogh/functions/event";
import { loadHandler } from "@gogh/functions/load";
import type { RouteName } from "@gogh/functions/routes";

const send = (message: unknown) => process.send!(message);
logSink.write = (line) => send({ kind: "log", line });
const handler = await loadHandler(process.env.GOGH_LAMBDA_ROUTE as RouteName);

process.on("message", async ({ id, event }: { id: number; event: ApiEvent }) => {
  try {
    send({ kind: "result", id, result: await handler(event) });
  } catch (error) {
    send({ kind: "result", id, error: String(error) });
  }
});
send({ kind: "ready" });
