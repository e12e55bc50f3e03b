import { routeOf } from "../route";
import { itemRoutes } from "./routes";

export const route = routeOf(itemRoutes);
