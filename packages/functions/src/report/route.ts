import { routeOf } from "../route";
import { reportRoutes } from "./routes";

export const route = routeOf(reportRoutes);
