// The load run: every person follows the activity model in real time through the local
// gateway (each activity at a random phase of its period, so the rates are the model's), while
// one sampled person changes state on a script and a friend of theirs checks, every few
// seconds, that the friend list shows that person's presence as it truly is.
import { Agent, request as httpRequest } from "node:http";
import type { RouteName } from "@gogh/functions/routes";
import type { LocalMomentoStats } from "@gogh/core/cache/testing";
import { activities } from "./model";
import type { Person, World } from "./world";

export interface RunOptions {
  /** Unmeasured first seconds: every Lambda loads what it keeps in memory. */
  warmupSeconds: number;
  /** Measured seconds at Momento's default limit. */
  seconds: number;
  /** Measured seconds with Momento unavailable, right after. */
  momentoDownSeconds: number;
  /** How often the friend of the sampled person checks their presence. */
  checkEverySeconds: number;
  seed: number;
}

export type PhaseName = "warm-up" | "Momento at its limit" | "Momento down";

export interface RequestLine {
  route: string;
  status: number;
  durationMs: number;
  dbQueries: number;
  cacheCalls: number;
  cacheOps: number;
  cacheThrottled: number;
  storageOps: number;
}

export interface PresenceCheck {
  atSeconds: number;
  expected: string;
  seen: string;
}

export interface Phase {
  name: PhaseName;
  seconds: number;
  lines: RequestLine[];
  /** Answers the simulated clients did not expect (5xx, or a 4xx other than "join again"). */
  unexpected: { route: string; status: number; body: string }[];
  /** Heartbeats told to join again (409 not_in_space): the client does so. */
  rejoins: number;
  checks: PresenceCheck[];
  /** Checks whose answer differed from the truth, outside a change of the truth in flight. */
  wrongPresence: PresenceCheck[];
  momento: LocalMomentoStats;
}

/** The local Momento's controls (its `/_local/*` endpoints), as the core's test helper drives them. */
export interface MomentoControls {
  stats(): Promise<LocalMomentoStats>;
  resetStats(): Promise<unknown>;
  fault(fault: "none" | "unavailable"): Promise<unknown>;
}

/** A seeded generator, so that two runs schedule the same events. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Client {
  call(
    person: Person,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; text: string; json(): any }>;
  close(): void;
}

function gatewayClient(baseUrl: string): Client {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const url = new URL(baseUrl);
  return {
    call: (person, method, path, body) =>
      new Promise((resolve, reject) => {
        const payload = body === undefined ? undefined : JSON.stringify(body);
        const outgoing = httpRequest(
          {
            agent,
            host: url.hostname,
            port: url.port,
            method,
            path,
            headers: {
              authorization: `Bearer ${person.accessToken}`,
              ...(payload === undefined
                ? {}
                : { "content-type": "application/json", "content-length": Buffer.byteLength(payload) }),
            },
          },
          (response) => {
            let text = "";
            response.setEncoding("utf8").on("data", (chunk: string) => (text += chunk));
            response.on("end", () =>
              resolve({ status: response.statusCode ?? 0, text, json: () => (text ? JSON.parse(text) : undefined) }),
            );
            response.on("error", reject);
          },
        );
        outgoing.on("error", reject);
        outgoing.end(payload);
      }),
    close: () => agent.destroy(),
  };
}

/** What one activity does for a person, as the app would: it keeps the person's state. */
function actions(client: Client, world: World, note: (route: string, status: number, body: string) => void) {
  const expect = async (person: Person, route: RouteName, method: string, path: string, body?: unknown) => {
    const response = await client.call(person, method, path, body);
    if (response.status >= 300) note(route, response.status, response.text);
    return response;
  };
  const join = (person: Person) =>
    expect(person, "POST /v1/spaces/{id}/join", "POST", `/v1/spaces/${person.spaceId}/join`);
  return {
    heartbeat: async (person: Person) => {
      const response = await client.call(person, "POST", `/v1/spaces/${person.spaceId}/heartbeat`);
      if (response.status === 409 && response.json()?.error?.code === "not_in_space") {
        note("rejoin", 409, "");
        await join(person);
      } else if (response.status !== 200) note("POST /v1/spaces/{id}/heartbeat", response.status, response.text);
    },
    "friend list": (person: Person) => expect(person, "GET /v1/friends", "GET", "/v1/friends?limit=50"),
    "space members": (person: Person) =>
      expect(person, "GET /v1/spaces/{id}/members", "GET", `/v1/spaces/${person.spaceId}/members?limit=50`),
    "card lookup": (person: Person, pick: number) => {
      const friends = world.friendsOf(person.index);
      const friend = friends[Math.floor(pick * friends.length)]!;
      return expect(person, "GET /v1/users/{friendId}", "GET", `/v1/users/${friend.friendId}`);
    },
    "app config": (person: Person) => expect(person, "GET /v1/app/config", "GET", "/v1/app/config"),
    session: async (person: Person) => {
      await expect(
        person,
        "POST /v1/focus/sessions/{id}/finish",
        "POST",
        `/v1/focus/sessions/${person.sessionId}/finish`,
        {},
      );
      const started = await expect(person, "POST /v1/focus/sessions", "POST", "/v1/focus/sessions", {
        mode: "pomodoro",
        plannedMinutes: 25,
      });
      if (started.status === 201) person.sessionId = started.json().id;
    },
    seat: async (person: Person) => {
      await expect(person, "POST /v1/spaces/{id}/leave", "POST", `/v1/spaces/${person.spaceId}/leave`);
      await join(person);
    },
    join,
    leave: (person: Person) =>
      expect(person, "POST /v1/spaces/{id}/leave", "POST", `/v1/spaces/${person.spaceId}/leave`),
    finish: (person: Person) =>
      expect(
        person,
        "POST /v1/focus/sessions/{id}/finish",
        "POST",
        `/v1/focus/sessions/${person.sessionId}/finish`,
        {},
      ),
    friendList: (person: Person) => client.call(person, "GET", "/v1/friends?limit=50"),
  };
}

interface Event {
  at: number;
  run(): Promise<unknown>;
}

export interface LoadRun {
  /** Where the caller hands the Lambdas' request lines while the run goes on. */
  record(line: RequestLine): void;
  /** Runs the phases one after the other on one schedule. */
  run(): Promise<Phase[]>;
}

export function loadRun(world: World, gatewayUrl: string, momento: MomentoControls, options: RunOptions): LoadRun {
  const client = gatewayClient(gatewayUrl);
  const total = options.warmupSeconds + options.seconds + options.momentoDownSeconds;
  const phases: Phase[] = [
    ["warm-up", options.warmupSeconds],
    ["Momento at its limit", options.seconds],
    ["Momento down", options.momentoDownSeconds],
  ].map(([name, seconds]) => ({
    name: name as PhaseName,
    seconds: seconds as number,
    lines: [],
    unexpected: [],
    rejoins: 0,
    checks: [],
    wrongPresence: [],
    momento: { operations: {}, billedOperations: 0, requests: 0, throttled: 0, faulted: 0 },
  }));
  let current = phases[0]!;
  const note = (route: string, status: number, body: string) => {
    if (route === "rejoin") current.rejoins++;
    else current.unexpected.push({ route, status, body: body.slice(0, 300) });
  };
  const act = actions(client, world, note);
  const next = random(options.seed);

  // The sampled person follows a script instead of the model; one of their friends watches.
  const [sampled, watcher] = [world.people[0]!, world.friendsOf(0)[0]!];
  let truth = "in_space";
  let truthChangedAt = 0;
  const change = (state: string, work: (person: Person) => Promise<unknown>) => async () => {
    await work(sampled);
    truth = state;
    truthChangedAt = performance.now();
  };
  const events: Event[] = [
    // The seat taken while the world was built may have expired since: joining again changes the
    // truth too, so a check sent before the join is answered may see either state.
    { at: 0, run: change("in_space", act.join) },
    { at: total * 0.25, run: change("focusing", act.leave) },
    { at: total * 0.5, run: change("idle", act.finish) },
    { at: total * 0.75, run: change("in_space", act.join) },
  ];
  for (let at = 20; at < total; at += 20) {
    events.push({ at, run: () => (truth === "in_space" ? act.heartbeat(sampled) : Promise.resolve()) });
  }
  for (let at = options.checkEverySeconds; at < total; at += options.checkEverySeconds) {
    events.push({
      at,
      run: async () => {
        const sent = performance.now();
        const expected = truth;
        const response = await act.friendList(watcher);
        const seen = (response.json()?.items ?? []).find(
          (item: { card: { friendId: string } }) => item.card.friendId === sampled.friendId,
        )?.presence?.state;
        const check = { atSeconds: Math.round(at * 10) / 10, expected, seen: String(seen) };
        current.checks.push(check);
        // A change of the truth while the check was in flight may show either state.
        if (seen !== expected && truthChangedAt < sent) current.wrongPresence.push(check);
      },
    });
  }

  const pairs: Record<string, keyof typeof act> = {
    "session start": "session",
    "join a space": "seat",
  };
  const skipped = new Set(["session finish", "leave a space"]);
  const crowd = world.people.slice(1);
  const schedule = (person: Person, activityName: string, at: number) => {
    const name = (pairs[activityName] ?? activityName) as keyof typeof act;
    const pick = next();
    events.push({ at, run: () => (act[name] as (person: Person, pick: number) => Promise<unknown>)(person, pick) });
  };
  for (const activity of activities) {
    if (skipped.has(activity.name)) continue;
    for (const person of crowd) {
      for (let at = next() * activity.everySeconds; at < total; at += activity.everySeconds) {
        schedule(person, activity.name, at);
      }
    }
    // A short run may draw no rare activity inside the measured phase; one more keeps every
    // route's cost measured, and changes the rates by one request in the whole run.
    const someone = crowd[Math.floor(next() * crowd.length)]!;
    schedule(someone, activity.name, options.warmupSeconds + next() * options.seconds);
  }
  events.sort((a, b) => a.at - b.at);

  const record = (line: RequestLine) => current.lines.push(line);
  let started = 0;
  const inFlight = new Set<Promise<unknown>>();
  const boundaries = [options.warmupSeconds, options.warmupSeconds + options.seconds];
  let phaseIndex = 0;
  const enterPhase = async (index: number) => {
    current.momento = await momento.stats();
    phaseIndex = index;
    current = phases[index]!;
    await momento.resetStats();
    if (current.name === "Momento down") await momento.fault("unavailable");
  };

  return {
    record,
    run: async () => {
      await momento.resetStats();
      started = performance.now();
      for (const event of events) {
        while (phaseIndex < boundaries.length && event.at >= boundaries[phaseIndex]!) await enterPhase(phaseIndex + 1);
        const wait = started + event.at * 1000 - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const running = event.run().catch((error: unknown) => note("client", 0, String(error)));
        inFlight.add(running);
        void running.finally(() => inFlight.delete(running));
      }
      await Promise.all(inFlight);
      current.momento = await momento.stats();
      await momento.fault("none");
      client.close();
      return phases;
    },
  };
}
