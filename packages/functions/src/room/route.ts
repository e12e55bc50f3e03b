import { routeOf } from "../route";
import { roomRoutes } from "./routes";

export const route = routeOf(roomRoutes);
