import type { AccountTables } from "../account/tables";
import type { AdminTables } from "../admin/tables";
import type { AppTables } from "../app/tables";
import type { FriendTables } from "../friend/tables";
import type { ItemTables } from "../item/tables";
import type { NoticeTables } from "../notice/tables";
import type { ProfileTables } from "../profile/tables";
import type { WalletTables } from "../wallet/tables";
import type { FocusTables } from "../focus/tables";
import type { SpaceTables } from "../space/tables";
import type { StickerTables } from "../sticker/tables";
import type { AvatarTables } from "../avatar/tables";
import type { BlockTables } from "../block/tables";
import type { CacheTables } from "../cache/tables";
import type { RoomTables } from "../room/tables";
import type { LimitTables } from "../limit/tables";
import type { IdentityTables } from "../identity/tables";
import type { TransferTables } from "../transfer/tables";
import type { ReportTables } from "../report/tables";

/** Every table, as the module that owns it declares them in its tables.ts. */
export interface DB
  extends
    AccountTables,
    ProfileTables,
    WalletTables,
    FocusTables,
    FriendTables,
    BlockTables,
    SpaceTables,
    ItemTables,
    AppTables,
    NoticeTables,
    AdminTables,
    StickerTables,
    AvatarTables,
    RoomTables,
    CacheTables,
    LimitTables,
    IdentityTables,
    TransferTables,
    ReportTables {}
