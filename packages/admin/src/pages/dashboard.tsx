import { Hono } from "hono";
import * as Admin from "@gogh/core/admin";
import type { AdminEnv } from "../env";
import { Layout } from "../layout";

export const dashboard = new Hono<AdminEnv>().get("/", async (c) => {
  const counts = await Admin.dashboard({ actor: c.var.actor });
  const cards = [
    { label: `Sign-ups today (${counts.today}, UTC)`, value: counts.signupsToday, id: "signups" },
    { label: "Focus minutes today (finished sessions)", value: counts.focusMinutesToday, id: "focus-minutes" },
    { label: "Focusing now", value: counts.focusingNow, id: "focusing" },
    { label: "In Focus Together spaces now", value: counts.inSpacesNow, id: "in-spaces" },
    { label: "Stickers and posters in the moderation queue", value: counts.pendingModeration, id: "moderation" },
    { label: "Reported people, stickers and rooms waiting", value: counts.reportedTargets, id: "reports" },
  ];
  return c.html(
    <Layout title="Dashboard" session={c.var.session}>
      <div class="cards">
        {cards.map((card) => (
          <div class="card" data-testid={card.id}>
            {card.label}
            <strong>{card.value}</strong>
          </div>
        ))}
      </div>
      <p class="muted">
        Active now counts running focus sessions (from the database) and people in spaces (presence, from the cache: it
        reads 0 while the cache is unreachable).
      </p>
    </Layout>,
  );
});
