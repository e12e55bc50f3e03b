import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import { parse } from "@gogh/core/fn";
import { Id } from "@gogh/core/id";
import type { AdminEnv } from "../env";
import { optionalText, PositiveInt, readForm } from "../forms";
import { ActionForm, Layout, when } from "../layout";

const CreateForm = z.object({ slug: z.string(), name: z.string(), capacity: PositiveInt });
const ChangeForm = z.object({
  name: optionalText(z.string()),
  status: optionalText(z.enum(["open", "closed"])),
});

export const spaces = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const { session, actor } = c.var;
    const all = await Admin.listSpaces({ actor });
    const editable = Admin.mayAct(actor.role, "admin");
    return c.html(
      <Layout title="Spaces" session={session} done={c.req.query("done")}>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Slug</th>
              <th>Capacity</th>
              <th>Status</th>
              {editable ? <th>Change</th> : null}
            </tr>
          </thead>
          <tbody>
            {all.map((space) => (
              <tr data-testid={`space-${space.slug}`}>
                <td>{space.name}</td>
                <td>{space.slug}</td>
                <td>{space.capacity}</td>
                <td>{space.status}</td>
                {when(editable, () => (
                  <td>
                    <ActionForm session={session} action={`/spaces/${space.id}`} inline>
                      <input name="name" value={space.name} maxlength={100} aria-label="New name" />{" "}
                      <button type="submit">Rename</button>
                    </ActionForm>{" "}
                    <ActionForm session={session} action={`/spaces/${space.id}`} inline>
                      <input type="hidden" name="status" value={space.status === "open" ? "closed" : "open"} />
                      <button type="submit" class={space.status === "open" ? "danger" : ""}>
                        {space.status === "open" ? "Close" : "Reopen"}
                      </button>
                    </ActionForm>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {when(editable, () => (
          <>
            <h2>New public space</h2>
            <ActionForm session={session} action="/spaces">
              <label>
                Name
                <input name="name" required maxlength={100} />
              </label>
              <label>
                Slug (lower-case letters, digits, dashes)
                <input name="slug" required pattern="[a-z0-9][a-z0-9-]*[a-z0-9]" maxlength={64} />
              </label>
              <label>
                Capacity
                <input name="capacity" inputmode="numeric" required pattern="[0-9]+" value="30" />
              </label>
              <button type="submit">Open the space</button>
            </ActionForm>
          </>
        ))}
        <p class="muted">A closed space leaves the app's list at once; people in it can still leave.</p>
      </Layout>,
    );
  })
  .post("/", async (c) => {
    const space = readForm(CreateForm, await c.req.parseBody());
    await Admin.createSpace({ actor: c.var.actor, space });
    return c.redirect("/spaces?done=space_created", 303);
  })
  .post("/:spaceId", async (c) => {
    const spaceId = parse(Id, c.req.param("spaceId"));
    const change = readForm(ChangeForm, await c.req.parseBody());
    await Admin.changeSpace({ actor: c.var.actor, spaceId, ...change });
    return c.redirect("/spaces?done=space_changed", 303);
  });
