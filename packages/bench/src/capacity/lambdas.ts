// One process per route, like one Lambda per route in AWS: each keeps its own memory, so a
// route's caches serve only that route, as they would deployed. The local gateway invokes them.
import { type ChildProcess, fork } from "node:child_process";
import type { ApiEvent, ApiResult } from "@gogh/functions/event";
import type { RouteName } from "@gogh/functions/routes";

export interface Lambdas {
  /** Starts these routes' processes now, so that the first requests do not wait for them. */
  start(routes: RouteName[]): Promise<void>;
  invoke(route: RouteName, event: ApiEvent): Promise<ApiResult>;
  close(): Promise<void>;
}

type Message =
  | { kind: "ready" }
  | { kind: "log"; line: string }
  | { kind: "result"; id: number; result?: ApiResult; error?: string };

/** `onLogLine` receives every log line the handlers write (the request lines among them). */
export function startLambdas(onLogLine: (line: string) => void): Lambdas {
  const workers = new Map<RouteName, Promise<ChildProcess>>();
  const pending = new Map<number, { resolve(result: ApiResult): void; reject(error: Error): void }>();
  let nextId = 0;

  const launch = (route: RouteName) =>
    new Promise<ChildProcess>((resolve, reject) => {
      // tsx's loader, so that the process can load the TypeScript handlers as the parent does.
      const worker = fork(new URL("./lambda-process.ts", import.meta.url), [], {
        env: { ...process.env, GOGH_LAMBDA_ROUTE: route },
        execArgv: ["--import", "tsx"],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      worker.on("message", (message: Message) => {
        if (message.kind === "ready") resolve(worker);
        else if (message.kind === "log") onLogLine(message.line);
        else {
          const waiter = pending.get(message.id);
          pending.delete(message.id);
          if (message.error !== undefined) waiter?.reject(new Error(message.error));
          else waiter?.resolve(message.result!);
        }
      });
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the Lambda of ${route} exited with ${code}`)));
    });

  const processOf = (route: RouteName) => {
    let worker = workers.get(route);
    if (!worker) {
      worker = launch(route);
      workers.set(route, worker);
    }
    return worker;
  };

  return {
    async start(routes) {
      await Promise.all(routes.map(processOf));
    },
    async invoke(route, event) {
      const ready = await processOf(route);
      const id = nextId++;
      return new Promise<ApiResult>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ready.send({ id, event });
      });
    },
    async close() {
      await Promise.all(
        [...workers.values()].map(async (worker) => {
          const child = await worker;
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.kill();
          await exited;
        }),
      );
      workers.clear();
    },
  };
}
