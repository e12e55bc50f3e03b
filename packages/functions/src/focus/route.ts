import { routeOf } from "../route";
import { focusRoutes } from "./routes";

export const route = routeOf(focusRoutes);
