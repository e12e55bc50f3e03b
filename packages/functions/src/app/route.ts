import { routeOf } from "../route";
import { appRoutes } from "./routes";

export const route = routeOf(appRoutes);
