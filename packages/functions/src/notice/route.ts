import { routeOf } from "../route";
import { noticeRoutes } from "./routes";

export const route = routeOf(noticeRoutes);
