import { routeOf } from "../route";
import { avatarRoutes } from "./routes";

export const route = routeOf(avatarRoutes);
