import { routeOf } from "../route";
import { profileRoutes } from "./routes";

export const route = routeOf(profileRoutes);
