import { accountExamples } from "./account/examples";
import { reportExamples } from "./report/examples";
import { transferExamples } from "./transfer/examples";
import { identityExamples } from "./identity/examples";
import { appExamples } from "./app/examples";
import { focusExamples } from "./focus/examples";
import { friendExamples } from "./friend/examples";
import { itemExamples } from "./item/examples";
import { noticeExamples } from "./notice/examples";
import { profileExamples } from "./profile/examples";
import { spaceExamples } from "./space/examples";
import { stickerExamples } from "./sticker/examples";
import { avatarExamples } from "./avatar/examples";
import { roomExamples } from "./room/examples";
import { walletExamples } from "./wallet/examples";
import { type RouteName, routes } from "./routes";
import type { RouteSpec } from "./spec";
import type { Examples } from "./example";

export const examples: Examples<RouteName> = {
  ...accountExamples,
  ...identityExamples,
  ...transferExamples,
  ...reportExamples,
  ...profileExamples,
  ...friendExamples,
  ...focusExamples,
  ...spaceExamples,
  ...stickerExamples,
  ...avatarExamples,
  ...roomExamples,
  ...walletExamples,
  ...itemExamples,
  ...appExamples,
  ...noticeExamples,
};

export function successStatus(name: RouteName): number {
  const spec: RouteSpec = routes[name];
  return spec.status ?? (spec.response ? 200 : 204);
}
