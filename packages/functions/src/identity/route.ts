import { routeOf } from "../route";
import { identityRoutes } from "./routes";

export const route = routeOf(identityRoutes);
