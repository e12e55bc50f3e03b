// The gRPC side: a plaintext @grpc/grpc-js server with Momento's `Scs` service, which the
// unmodified SDK reaches through MomentoLocalProvider. The SDK names the cache in the `cache`
// metadata of every call and, for a non-default read concern, sends `read-concern`.
import { cache_client as scs } from "@gomomento/generated-types/dist/cacheclient.js";
import * as grpc from "@grpc/grpc-js";
import { CacheError, type CacheErrorKind } from "./errors";
import { admitCall, type Cache } from "./gate";
import { MAX_GRPC_MESSAGE_BYTES } from "./limits";
import { scsHandlers, type ScsHandler } from "./scs";

const statusOf: Record<CacheErrorKind, grpc.status> = {
  invalid_argument: grpc.status.INVALID_ARGUMENT,
  failed_precondition: grpc.status.FAILED_PRECONDITION,
  cache_not_found: grpc.status.NOT_FOUND,
  limit_exceeded: grpc.status.RESOURCE_EXHAUSTED,
  unauthenticated: grpc.status.UNAUTHENTICATED,
  unavailable: grpc.status.UNAVAILABLE,
  unimplemented: grpc.status.UNIMPLEMENTED,
};

/** A "consistent" read concern costs double. */
const CONSISTENT_READ_FACTOR = 2;

function toStatus(error: unknown): grpc.ServerErrorResponse {
  if (!(error instanceof CacheError)) {
    const message = error instanceof Error ? error.message : String(error);
    return Object.assign(new Error(message), { code: grpc.status.INTERNAL, details: message });
  }
  const metadata = new grpc.Metadata();
  if (error.limitCause) metadata.set("err", error.limitCause);
  return Object.assign(new Error(error.message), { code: statusOf[error.kind], details: error.message, metadata });
}

function metadataText(metadata: grpc.Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return value === undefined ? undefined : value.toString();
}

function isGone(call: { cancelled: boolean; getDeadline(): grpc.Deadline }): boolean {
  const deadline = call.getDeadline();
  const deadlineMs = deadline instanceof Date ? deadline.getTime() : deadline;
  return call.cancelled || deadlineMs <= Date.now();
}

function operationsFactor(metadata: grpc.Metadata): number {
  return metadataText(metadata, "read-concern") === "consistent" ? CONSISTENT_READ_FACTOR : 1;
}

const unimplemented = (method: string): ScsHandler => ({
  kind: method,
  streaming: false,
  run: () => {
    throw new CacheError("unimplemented", `${method} is not implemented by the local Momento server`);
  },
});

/** The cache name rides in the `cache` metadata of every call. */
function admitGrpcCall(
  cache: Cache,
  call: Parameters<typeof isGone>[0] & { metadata: grpc.Metadata },
): Promise<boolean> {
  return admitCall(cache, { cacheName: metadataText(call.metadata, "cache"), isGone: () => isGone(call) });
}

function serveUnary(cache: Cache, handler: ScsHandler & { streaming: false }): grpc.handleUnaryCall<unknown, unknown> {
  return (call, callback) => {
    void (async () => {
      try {
        if (!(await admitGrpcCall(cache, call))) return;
        const answer = handler.run(call.request, cache.store);
        cache.meter.bill(answer.kind ?? handler.kind, answer.operations * operationsFactor(call.metadata));
        callback(null, answer.response);
      } catch (error) {
        callback(toStatus(error));
      }
    })();
  };
}

function serveStream(
  cache: Cache,
  handler: ScsHandler & { streaming: true },
): grpc.handleServerStreamingCall<unknown, unknown> {
  return (call) => {
    void (async () => {
      try {
        if (!(await admitGrpcCall(cache, call))) return;
        const answer = handler.run(call.request, cache.store);
        cache.meter.bill(handler.kind, answer.operations * operationsFactor(call.metadata));
        for (const response of answer.responses) call.write(response);
        call.end();
      } catch (error) {
        call.emit("error", toStatus(error));
      }
    })();
  };
}

/** Every method of the Scs definition: the implemented ones, and UNIMPLEMENTED for the rest. */
function scsImplementation(cache: Cache): grpc.UntypedServiceImplementation {
  const implementation: grpc.UntypedServiceImplementation = {};
  for (const [method, definition] of Object.entries(scs.UnimplementedScsService.definition)) {
    const handler = scsHandlers[method] ?? unimplemented(method);
    if (definition.responseStream !== handler.streaming) {
      throw new Error(`Scs/${method}: the handler's streaming does not match the service definition`);
    }
    implementation[method] = handler.streaming ? serveStream(cache, handler) : serveUnary(cache, handler);
  }
  return implementation;
}

export interface GrpcServer {
  port: number;
  close(): Promise<void>;
}

export async function startGrpcServer(cache: Cache, host: string, port: number): Promise<GrpcServer> {
  const server = new grpc.Server({
    "grpc.max_receive_message_length": MAX_GRPC_MESSAGE_BYTES,
    "grpc.max_send_message_length": MAX_GRPC_MESSAGE_BYTES,
  });
  server.addService(scs.UnimplementedScsService.definition, scsImplementation(cache));
  const boundPort = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  return {
    port: boundPort,
    close: async () => {
      // Tests close while SDK channels may still be connected: do not wait for them.
      server.forceShutdown();
    },
  };
}
