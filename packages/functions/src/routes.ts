import { accountRoutes } from "./account/routes";
import { reportRoutes } from "./report/routes";
import { transferRoutes } from "./transfer/routes";
import { identityRoutes } from "./identity/routes";
import { appRoutes } from "./app/routes";
import { focusRoutes } from "./focus/routes";
import { friendRoutes } from "./friend/routes";
import { itemRoutes } from "./item/routes";
import { noticeRoutes } from "./notice/routes";
import { profileRoutes } from "./profile/routes";
import { spaceRoutes } from "./space/routes";
import { stickerRoutes } from "./sticker/routes";
import { avatarRoutes } from "./avatar/routes";
import { roomRoutes } from "./room/routes";
import { walletRoutes } from "./wallet/routes";
import { defineRoutes } from "./spec";

/**
 * Every route, once: each module's part of the table lives beside its handlers, and this is
 * the whole. Infra makes one Lambda per entry, the local gateway serves this table, and the
 * OpenAPI document and the route tests are generated from it.
 */
export const routes = defineRoutes({
  ...accountRoutes,
  ...identityRoutes,
  ...transferRoutes,
  ...reportRoutes,
  ...profileRoutes,
  ...friendRoutes,
  ...focusRoutes,
  ...spaceRoutes,
  ...stickerRoutes,
  ...avatarRoutes,
  ...roomRoutes,
  ...walletRoutes,
  ...itemRoutes,
  ...appRoutes,
  ...noticeRoutes,
});

export type Routes = typeof routes;
export type RouteName = keyof Routes;
