import { routeOf } from "../route";
import { walletRoutes } from "./routes";

export const route = routeOf(walletRoutes);
