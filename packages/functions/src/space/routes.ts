import * as Space from "@gogh/core/space/schema";
import { defineRoutes } from "../spec";

export const spaceRoutes = defineRoutes({
  "GET /v1/spaces": {
    handler: "space/list-spaces",
    auth: "user",
    summary: "Open public spaces with how many people sit in each right now.",
    response: Space.SpaceList,
  },
  "POST /v1/spaces/{id}/join": {
    handler: "space/join",
    auth: "user",
    summary: "Sit down in a space (leaving any other); 409 space_full when it is full.",
    path: Space.SpacePath,
    response: Space.Membership,
    errors: ["not_found", "space_full"],
  },
  "POST /v1/spaces/{id}/heartbeat": {
    handler: "space/heartbeat",
    auth: "user",
    summary: "Stay in a space: send every heartbeatSeconds, or drop out after a minute.",
    path: Space.SpacePath,
    response: Space.Membership,
    errors: ["not_found", "not_in_space"],
  },
  "POST /v1/spaces/{id}/leave": {
    handler: "space/leave",
    auth: "user",
    summary: "Leave a space.",
    path: Space.SpacePath,
    errors: ["not_found"],
  },
  "GET /v1/spaces/{id}/members": {
    handler: "space/list-members",
    auth: "user",
    summary: "The cards of the people in a space, a page at a time.",
    path: Space.SpacePath,
    query: Space.MembersQuery,
    response: Space.MemberPage,
    errors: ["not_found"],
  },
});
