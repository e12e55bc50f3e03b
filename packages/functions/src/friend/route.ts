import { routeOf } from "../route";
import { friendRoutes } from "./routes";

export const route = routeOf(friendRoutes);
