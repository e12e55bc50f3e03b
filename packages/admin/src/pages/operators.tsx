import { Hono } from "hono";
import * as z from "zod/mini";
import * as Admin from "@gogh/core/admin";
import { parse } from "@gogh/core/fn";
import { Id } from "@gogh/core/id";
import type { AdminEnv } from "../env";
import { optionalText, readForm } from "../forms";
import { ActionForm, formatTime, Layout } from "../layout";

const CreateForm = z.object({ email: z.string(), name: z.string(), role: Admin.Role, password: z.string() });
const ChangeForm = z.object({
  role: optionalText(Admin.Role),
  status: optionalText(z.enum(["active", "disabled"])),
});

export const operators = new Hono<AdminEnv>()
  .get("/", async (c) => {
    const { session, actor } = c.var;
    const all = await Admin.listOperators({ actor });
    return c.html(
      <Layout title="Operators" session={session} done={c.req.query("done")}>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Email</th>
              <th>Role</th>
              <th>Status</th>
              <th>Since</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {all.map((operator) => (
              <tr>
                <td>{operator.name}</td>
                <td>{operator.email}</td>
                <td>{operator.role}</td>
                <td>{operator.status}</td>
                <td>{formatTime(operator.createdAt)}</td>
                <td>
                  {operator.id === actor.id ? (
                    <span class="muted">you</span>
                  ) : (
                    <>
                      <ActionForm session={session} action={`/operators/${operator.id}`} inline>
                        <select name="role" aria-label="Role">
                          {Admin.roles.map((role) => (
                            <option value={role} selected={role === operator.role}>
                              {role}
                            </option>
                          ))}
                        </select>{" "}
                        <button type="submit">Set role</button>
                      </ActionForm>{" "}
                      <ActionForm session={session} action={`/operators/${operator.id}`} inline>
                        <input
                          type="hidden"
                          name="status"
                          value={operator.status === "active" ? "disabled" : "active"}
                        />
                        <button type="submit" class={operator.status === "active" ? "danger" : ""}>
                          {operator.status === "active" ? "Disable" : "Enable"}
                        </button>
                      </ActionForm>{" "}
                    </>
                  )}
                  <ActionForm session={session} action={`/operators/${operator.id}/revoke`} inline>
                    <button type="submit">End sessions</button>
                  </ActionForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2>New operator</h2>
        <ActionForm session={session} action="/operators">
          <label>
            Email
            <input type="email" name="email" required maxlength={254} autocomplete="off" />
          </label>
          <label>
            Name
            <input name="name" required maxlength={100} />
          </label>
          <label>
            Role
            <select name="role">
              {Admin.roles.map((role) => (
                <option value={role}>{role}</option>
              ))}
            </select>
          </label>
          <label>
            Password (at least 12 characters; hand it over out of band)
            <input
              type="password"
              name="password"
              required
              minlength={12}
              maxlength={200}
              autocomplete="new-password"
            />
          </label>
          <button type="submit">Create</button>
        </ActionForm>
      </Layout>,
    );
  })
  .post("/", async (c) => {
    const operator = readForm(CreateForm, await c.req.parseBody());
    await Admin.addOperator({ actor: c.var.actor, operator });
    return c.redirect("/operators?done=operator_created", 303);
  })
  .post("/:operatorId", async (c) => {
    const operatorId = parse(Id, c.req.param("operatorId"));
    const change = readForm(ChangeForm, await c.req.parseBody());
    await Admin.changeOperator({ actor: c.var.actor, operatorId, ...change });
    return c.redirect("/operators?done=operator_changed", 303);
  })
  .post("/:operatorId/revoke", async (c) => {
    const operatorId = parse(Id, c.req.param("operatorId"));
    await Admin.revokeSessions({ actor: c.var.actor, operatorId });
    return c.redirect("/operators?done=sessions_revoked", 303);
  });
