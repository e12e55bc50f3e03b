import { routeOf } from "../route";
import { stickerRoutes } from "./routes";

export const route = routeOf(stickerRoutes);
