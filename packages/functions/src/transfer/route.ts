import { routeOf } from "../route";
import { transferRoutes } from "./routes";

export const route = routeOf(transferRoutes);
