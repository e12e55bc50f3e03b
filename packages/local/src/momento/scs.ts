// The calls of Momento's `Scs` cache service (cache_client.Scs in @gomomento/generated-types),
// each as a function from the request to its response and the operations it costs.
// grpc.ts serves them; a method missing here answers UNIMPLEMENTED.
import { cache_client as scs } from "@gomomento/generated-types/dist/cacheclient.js";
import { CacheError, invalidArgument } from "./errors";
import { batchOperations, itemOperations, multiElementOperations } from "./meter";
import type { ItemType, Order, ScoreBound, SetCondition, SortedSetElement, Store } from "./store";

export interface Answer {
  response: unknown;
  operations: number;
  /** Overrides the handler's kind in the stats (SetIf with `absent` counts as "setIfAbsent"). */
  kind?: string;
}

export interface StreamAnswer {
  responses: unknown[];
  operations: number;
}

export type ScsHandler =
  | { kind: string; streaming: false; run(request: unknown, store: Store): Answer }
  | { kind: string; streaming: true; run(request: unknown, store: Store): StreamAnswer };

function unary<Request>(kind: string, run: (request: Request, store: Store) => Answer): ScsHandler {
  return { kind, streaming: false, run: run as (request: unknown, store: Store) => Answer };
}

function streaming<Request>(kind: string, run: (request: Request, store: Store) => StreamAnswer): ScsHandler {
  return { kind, streaming: true, run: run as (request: unknown, store: Store) => StreamAnswer };
}

/** Conditional writes cost double. */
const CONDITIONAL_FACTOR = 2;

const { Hit, Miss, Ok, Invalid } = scs.ECacheResult;

function setCondition(request: scs._SetIfRequest): SetCondition {
  switch (request.condition) {
    case "absent":
      return { type: "absent" };
    case "present":
      return { type: "present" };
    case "equal":
      return { type: "equal", value: request.equal.value_to_check };
    case "not_equal":
      return { type: "notEqual", value: request.not_equal.value_to_check };
    case "present_and_not_equal":
      return { type: "presentAndNotEqual", value: request.present_and_not_equal.value_to_check };
    case "absent_or_equal":
      return { type: "absentOrEqual", value: request.absent_or_equal.value_to_check };
    case "none":
      throw invalidArgument("SetIf needs a condition");
  }
}

const fetchOrder = (order: scs._SortedSetFetchRequest.Order): Order =>
  order === scs._SortedSetFetchRequest.Order.DESCENDING ? "descending" : "ascending";

const rankOrder = (order: scs._SortedSetGetRankRequest.Order): Order =>
  order === scs._SortedSetGetRankRequest.Order.DESCENDING ? "descending" : "ascending";

const itemTypes: Record<ItemType, scs._ItemGetTypeResponse.ItemType> = {
  scalar: scs._ItemGetTypeResponse.ItemType.SCALAR,
  dictionary: scs._ItemGetTypeResponse.ItemType.DICTIONARY,
  sortedSet: scs._ItemGetTypeResponse.ItemType.SORTED_SET,
};

const collectionTtl = (request: { ttl_milliseconds: number; refresh_ttl: boolean }) => ({
  ttlMs: request.ttl_milliseconds,
  refresh: request.refresh_ttl,
});

const elementSize = (element: SortedSetElement) => element.value.byteLength;

function getOne(store: Store, key: Uint8Array): { response: scs._GetResponse; bytes: number } {
  try {
    const value = store.get(key);
    if (value === undefined) return { response: new scs._GetResponse({ result: Miss }), bytes: key.byteLength };
    return {
      response: new scs._GetResponse({ result: Hit, cache_body: value }),
      bytes: key.byteLength + value.byteLength,
    };
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    return { response: new scs._GetResponse({ result: Invalid, message: error.message }), bytes: key.byteLength };
  }
}

function setOne(store: Store, item: scs._SetRequest): scs._SetResponse {
  try {
    store.set(item.cache_key, item.cache_body, item.ttl_milliseconds);
    return new scs._SetResponse({ result: Ok });
  } catch (error) {
    if (!(error instanceof CacheError)) throw error;
    return new scs._SetResponse({ result: Invalid, message: error.message });
  }
}

export const scsHandlers: Record<string, ScsHandler> = {
  Get: unary<scs._GetRequest>("get", (request, store) => {
    const { response, bytes } = getOne(store, request.cache_key);
    if (response.result === Invalid) throw new CacheError("failed_precondition", response.message);
    return { response, operations: itemOperations(bytes) };
  }),

  Set: unary<scs._SetRequest>("set", (request, store) => {
    store.set(request.cache_key, request.cache_body, request.ttl_milliseconds);
    return {
      response: new scs._SetResponse({ result: Ok }),
      operations: itemOperations(request.cache_key.byteLength + request.cache_body.byteLength),
    };
  }),

  // SDK 1.118 sends setIfAbsent (and the deprecated setIfNotExists) as SetIf with `absent`.
  SetIf: unary<scs._SetIfRequest>("setIf", (request, store) => {
    const condition = setCondition(request);
    const stored = store.setIf(request.cache_key, request.cache_body, request.ttl_milliseconds, condition);
    return {
      response: stored
        ? new scs._SetIfResponse({ stored: new scs._SetIfResponse._Stored() })
        : new scs._SetIfResponse({ not_stored: new scs._SetIfResponse._NotStored() }),
      operations: CONDITIONAL_FACTOR * itemOperations(request.cache_key.byteLength + request.cache_body.byteLength),
      kind: condition.type === "absent" ? "setIfAbsent" : "setIf",
    };
  }),

  SetIfNotExists: unary<scs._SetIfNotExistsRequest>("setIfAbsent", (request, store) => {
    const stored = store.setIf(request.cache_key, request.cache_body, request.ttl_milliseconds, { type: "absent" });
    return {
      response: stored
        ? new scs._SetIfNotExistsResponse({ stored: new scs._SetIfNotExistsResponse._Stored() })
        : new scs._SetIfNotExistsResponse({ not_stored: new scs._SetIfNotExistsResponse._NotStored() }),
      operations: CONDITIONAL_FACTOR * itemOperations(request.cache_key.byteLength + request.cache_body.byteLength),
    };
  }),

  Delete: unary<scs._DeleteRequest>("delete", (request, store) => {
    store.delete(request.cache_key);
    return { response: new scs._DeleteResponse(), operations: itemOperations(request.cache_key.byteLength) };
  }),

  Increment: unary<scs._IncrementRequest>("increment", (request, store) => {
    const value = store.increment(request.cache_key, request.amount, request.ttl_milliseconds);
    return {
      response: new scs._IncrementResponse({ value }),
      operations: itemOperations(request.cache_key.byteLength + String(value).length),
    };
  }),

  // One response per item, in the order of the request.
  GetBatch: streaming<scs._GetBatchRequest>("getBatch", (request, store) => {
    const answers = request.items.map((item) => getOne(store, item.cache_key));
    return {
      responses: answers.map((answer) => answer.response),
      operations: batchOperations(answers.map((answer) => answer.bytes)),
    };
  }),

  SetBatch: streaming<scs._SetBatchRequest>("setBatch", (request, store) => ({
    responses: request.items.map((item) => setOne(store, item)),
    operations: batchOperations(request.items.map((item) => item.cache_key.byteLength + item.cache_body.byteLength)),
  })),

  KeysExist: unary<scs._KeysExistRequest>("keysExist", (request, store) => ({
    response: new scs._KeysExistResponse({ exists: request.cache_keys.map((key) => store.exists(key)) }),
    operations: multiElementOperations(request.cache_keys.map((key) => key.byteLength)),
  })),

  UpdateTtl: unary<scs._UpdateTtlRequest>("updateTtl", (request, store) => {
    const outcome =
      request.update_ttl === "increase_to_milliseconds"
        ? store.updateTtl(request.cache_key, "increase", request.increase_to_milliseconds)
        : request.update_ttl === "decrease_to_milliseconds"
          ? store.updateTtl(request.cache_key, "decrease", request.decrease_to_milliseconds)
          : request.update_ttl === "overwrite_to_milliseconds"
            ? store.updateTtl(request.cache_key, "overwrite", request.overwrite_to_milliseconds)
            : undefined;
    if (outcome === undefined) throw invalidArgument("UpdateTtl needs increase, decrease or overwrite");
    const response =
      outcome === "set"
        ? new scs._UpdateTtlResponse({ set: new scs._UpdateTtlResponse._Set() })
        : outcome === "notSet"
          ? new scs._UpdateTtlResponse({ not_set: new scs._UpdateTtlResponse._NotSet() })
          : new scs._UpdateTtlResponse({ missing: new scs._UpdateTtlResponse._Missing() });
    return { response, operations: itemOperations(request.cache_key.byteLength) };
  }),

  ItemGetTtl: unary<scs._ItemGetTtlRequest>("itemGetTtl", (request, store) => {
    const remaining = store.remainingTtl(request.cache_key);
    return {
      response:
        remaining === undefined
          ? new scs._ItemGetTtlResponse({ missing: new scs._ItemGetTtlResponse._Missing() })
          : new scs._ItemGetTtlResponse({
              found: new scs._ItemGetTtlResponse._Found({ remaining_ttl_millis: remaining }),
            }),
      operations: itemOperations(request.cache_key.byteLength),
    };
  }),

  ItemGetType: unary<scs._ItemGetTypeRequest>("itemGetType", (request, store) => {
    const type = store.typeOf(request.cache_key);
    return {
      response:
        type === undefined
          ? new scs._ItemGetTypeResponse({ missing: new scs._ItemGetTypeResponse._Missing() })
          : new scs._ItemGetTypeResponse({
              found: new scs._ItemGetTypeResponse._Found({ item_type: itemTypes[type] }),
            }),
      operations: itemOperations(request.cache_key.byteLength),
    };
  }),

  // Dictionaries

  DictionarySet: unary<scs._DictionarySetRequest>("dictionarySet", (request, store) => {
    store.dictionarySet(request.dictionary_name, request.items, collectionTtl(request));
    return {
      response: new scs._DictionarySetResponse(),
      operations: multiElementOperations(request.items.map((item) => item.field.byteLength + item.value.byteLength)),
    };
  }),

  DictionaryGet: unary<scs._DictionaryGetRequest>("dictionaryGet", (request, store) => {
    const values = store.dictionaryGet(request.dictionary_name, request.fields);
    if (values === undefined) {
      return {
        response: new scs._DictionaryGetResponse({ missing: new scs._DictionaryGetResponse._Missing() }),
        operations: 1,
      };
    }
    const items = values.map((value) =>
      value === undefined
        ? new scs._DictionaryGetResponse._DictionaryGetResponsePart({ result: Miss })
        : new scs._DictionaryGetResponse._DictionaryGetResponsePart({ result: Hit, cache_body: value }),
    );
    return {
      response: new scs._DictionaryGetResponse({ found: new scs._DictionaryGetResponse._Found({ items }) }),
      operations: multiElementOperations(
        request.fields.map((field, index) => field.byteLength + (values[index]?.byteLength ?? 0)),
      ),
    };
  }),

  DictionaryFetch: unary<scs._DictionaryFetchRequest>("dictionaryFetch", (request, store) => {
    const pairs = store.dictionaryFetch(request.dictionary_name);
    if (pairs === undefined) {
      return {
        response: new scs._DictionaryFetchResponse({ missing: new scs._DictionaryFetchResponse._Missing() }),
        operations: 1,
      };
    }
    const items = pairs.map(({ field, value }) => new scs._DictionaryFieldValuePair({ field, value }));
    return {
      response: new scs._DictionaryFetchResponse({ found: new scs._DictionaryFetchResponse._Found({ items }) }),
      operations: multiElementOperations(pairs.map(({ field, value }) => field.byteLength + value.byteLength)),
    };
  }),

  DictionaryDelete: unary<scs._DictionaryDeleteRequest>("dictionaryDelete", (request, store) => {
    const fields = request.delete === "some" ? request.some.fields : "all";
    store.dictionaryDelete(request.dictionary_name, fields);
    return {
      response: new scs._DictionaryDeleteResponse(),
      operations: fields === "all" ? 1 : multiElementOperations(fields.map((field) => field.byteLength)),
    };
  }),

  DictionaryIncrement: unary<scs._DictionaryIncrementRequest>("dictionaryIncrement", (request, store) => {
    const value = store.dictionaryIncrement(
      request.dictionary_name,
      request.field,
      request.amount,
      collectionTtl(request),
    );
    return {
      response: new scs._DictionaryIncrementResponse({ value }),
      operations: itemOperations(request.field.byteLength + String(value).length),
    };
  }),

  DictionaryLength: unary<scs._DictionaryLengthRequest>("dictionaryLength", (request, store) => {
    const length = store.dictionaryLength(request.dictionary_name);
    return {
      response:
        length === undefined
          ? new scs._DictionaryLengthResponse({ missing: new scs._DictionaryLengthResponse._Missing() })
          : new scs._DictionaryLengthResponse({ found: new scs._DictionaryLengthResponse._Found({ length }) }),
      operations: 1,
    };
  }),

  // Sorted sets

  SortedSetPut: unary<scs._SortedSetPutRequest>("sortedSetPut", (request, store) => {
    store.sortedSetPut(request.set_name, request.elements, collectionTtl(request));
    return {
      response: new scs._SortedSetPutResponse(),
      operations: multiElementOperations(request.elements.map((element) => element.value.byteLength)),
    };
  }),

  SortedSetFetch: unary<scs._SortedSetFetchRequest>("sortedSetFetch", (request, store) => {
    const order = fetchOrder(request.order);
    let elements: SortedSetElement[] | undefined;
    if (request.range === "by_index") {
      const byIndex = request.by_index;
      elements = store.sortedSetFetchByRank(
        request.set_name,
        order,
        byIndex.start === "inclusive_start_index" ? byIndex.inclusive_start_index : undefined,
        byIndex.end === "exclusive_end_index" ? byIndex.exclusive_end_index : undefined,
      );
    } else if (request.range === "by_score") {
      const byScore = request.by_score;
      const bound = (score: scs._SortedSetFetchRequest._ByScore._Score): ScoreBound => ({
        score: score.score,
        exclusive: score.exclusive,
      });
      elements = store.sortedSetFetchByScore(
        request.set_name,
        order,
        byScore.min === "min_score" ? bound(byScore.min_score) : undefined,
        byScore.max === "max_score" ? bound(byScore.max_score) : undefined,
        byScore.offset,
        byScore.count,
      );
    } else {
      throw invalidArgument("SortedSetFetch needs by_index or by_score");
    }
    if (elements === undefined) {
      return {
        response: new scs._SortedSetFetchResponse({ missing: new scs._SortedSetFetchResponse._Missing() }),
        operations: 1,
      };
    }
    const found = request.with_scores
      ? new scs._SortedSetFetchResponse._Found({
          values_with_scores: new scs._SortedSetFetchResponse._Found._ValuesWithScores({
            elements: elements.map(({ value, score }) => new scs._SortedSetElement({ value, score })),
          }),
        })
      : new scs._SortedSetFetchResponse._Found({
          values: new scs._SortedSetFetchResponse._Found._Values({ values: elements.map(({ value }) => value) }),
        });
    return {
      response: new scs._SortedSetFetchResponse({ found }),
      operations: multiElementOperations(elements.map(elementSize)),
    };
  }),

  SortedSetGetScore: unary<scs._SortedSetGetScoreRequest>("sortedSetGetScore", (request, store) => {
    const scores = store.sortedSetGetScores(request.set_name, request.values);
    const operations = multiElementOperations(request.values.map((value) => value.byteLength));
    if (scores === undefined) {
      return {
        response: new scs._SortedSetGetScoreResponse({
          missing: new scs._SortedSetGetScoreResponse._SortedSetMissing(),
        }),
        operations,
      };
    }
    const elements = scores.map((score) =>
      score === undefined
        ? new scs._SortedSetGetScoreResponse._SortedSetGetScoreResponsePart({ result: Miss })
        : new scs._SortedSetGetScoreResponse._SortedSetGetScoreResponsePart({ result: Hit, score }),
    );
    return {
      response: new scs._SortedSetGetScoreResponse({
        found: new scs._SortedSetGetScoreResponse._SortedSetFound({ elements }),
      }),
      operations,
    };
  }),

  SortedSetRemove: unary<scs._SortedSetRemoveRequest>("sortedSetRemove", (request, store) => {
    const values = request.remove_elements === "some" ? request.some.values : "all";
    store.sortedSetRemove(request.set_name, values);
    return {
      response: new scs._SortedSetRemoveResponse(),
      operations: values === "all" ? 1 : multiElementOperations(values.map((value) => value.byteLength)),
    };
  }),

  SortedSetIncrement: unary<scs._SortedSetIncrementRequest>("sortedSetIncrement", (request, store) => {
    const score = store.sortedSetIncrement(request.set_name, request.value, request.amount, collectionTtl(request));
    return {
      response: new scs._SortedSetIncrementResponse({ score }),
      operations: itemOperations(request.value.byteLength),
    };
  }),

  SortedSetGetRank: unary<scs._SortedSetGetRankRequest>("sortedSetGetRank", (request, store) => {
    const rank = store.sortedSetGetRank(request.set_name, request.value, rankOrder(request.order));
    const response =
      rank === "missing"
        ? new scs._SortedSetGetRankResponse({ missing: new scs._SortedSetGetRankResponse._SortedSetMissing() })
        : new scs._SortedSetGetRankResponse({
            element_rank: new scs._SortedSetGetRankResponse._RankResponsePart(
              rank === undefined ? { result: Miss } : { result: Hit, rank },
            ),
          });
    return { response, operations: itemOperations(request.value.byteLength) };
  }),

  SortedSetLength: unary<scs._SortedSetLengthRequest>("sortedSetLength", (request, store) => {
    const length = store.sortedSetLength(request.set_name);
    return {
      response:
        length === undefined
          ? new scs._SortedSetLengthResponse({ missing: new scs._SortedSetLengthResponse._Missing() })
          : new scs._SortedSetLengthResponse({ found: new scs._SortedSetLengthResponse._Found({ length }) }),
      operations: 1,
    };
  }),

  SortedSetLengthByScore: unary<scs._SortedSetLengthByScoreRequest>("sortedSetLengthByScore", (request, store) => {
    const min: ScoreBound | undefined =
      request.min === "inclusive_min"
        ? { score: request.inclusive_min, exclusive: false }
        : request.min === "exclusive_min"
          ? { score: request.exclusive_min, exclusive: true }
          : undefined;
    const max: ScoreBound | undefined =
      request.max === "inclusive_max"
        ? { score: request.inclusive_max, exclusive: false }
        : request.max === "exclusive_max"
          ? { score: request.exclusive_max, exclusive: true }
          : undefined;
    const length = store.sortedSetLengthByScore(request.set_name, min, max);
    return {
      response:
        length === undefined
          ? new scs._SortedSetLengthByScoreResponse({ missing: new scs._SortedSetLengthByScoreResponse._Missing() })
          : new scs._SortedSetLengthByScoreResponse({
              found: new scs._SortedSetLengthByScoreResponse._Found({ length }),
            }),
      operations: 1,
    };
  }),
};
