import { routeOf } from "../route";
import { accountRoutes } from "./routes";

export const route = routeOf(accountRoutes);
