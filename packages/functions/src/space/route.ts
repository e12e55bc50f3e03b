import { routeOf } from "../route";
import { spaceRoutes } from "./routes";

export const route = routeOf(spaceRoutes);
