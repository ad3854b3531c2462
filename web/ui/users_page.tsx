/**
 * Users and roles, for admins: every user with role and state, a form to
 * add one, and per user a role change, disable or enable, a new password,
 * and removal, each asking for confirmation when it takes rights away.
 *
 * @module
 */
import { useEffect, useState } from "preact/hooks";
import { getJson, sendJson } from "./api_client.ts";
import { formatClock } from "./display_format.ts";

const ROLES = ["viewer", "operator", "engineer", "admin"] as const;

/** A user as `GET /api/users` lists it. */
interface UserRow {
  name: string;
  role: string;
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}

/** The users page. */
export function UsersPage() {
  const [users, setUsers] = useState<UserRow[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    getJson<UserRow[]>("/api/users").then((r) => {
      if (r.ok) setUsers(r.body);
      else {setError(
          r.status === 404
            ? "Users exist only when logins are on (start with --auth on)."
            : r.error,
        );}
    });
  }, [revision]);
  const act = async (what: string, reply: Promise<{ ok: boolean; error?: string }>) => {
    const r = await reply;
    if (r.ok) {
      setNotice(what);
      setError(undefined);
      setRevision((n) => n + 1);
    } else setError(r.error);
  };
  return (
    <section aria-labelledby="users-title" class="admin-page">
      <h2 id="users-title">Users and roles</h2>
      {error && <p class="error-box" role="alert" id="users-error">{error}</p>}
      {notice && <p class="notice" role="status" id="users-notice">{notice}</p>}
      {users && (
        <table class="data-table" id="users-table">
          <thead>
            <tr>
              <th scope="col">User</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Changed (UTC)</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.name} data-user={u.name}>
                <td>{u.name}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.name}`}
                    value={u.role}
                    onChange={(e) => {
                      const role = e.currentTarget.value;
                      if (confirm(`Make ${u.name} ${role}?`)) {
                        act(
                          `${u.name} is now ${role}`,
                          sendJson("PUT", `/api/users/${encodeURIComponent(u.name)}`, { role }),
                        );
                      } else e.currentTarget.value = u.role;
                    }}
                  >
                    {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
                  </select>
                </td>
                <td>{u.disabled ? "disabled" : "active"}</td>
                <td>{formatClock(u.updatedAt)}</td>
                <td class="row-actions">
                  <button
                    type="button"
                    onClick={() => {
                      const disabled = !u.disabled;
                      if (!disabled || confirm(`Disable ${u.name}? Their sessions end now.`)) {
                        act(
                          `${u.name} ${disabled ? "disabled" : "enabled"}`,
                          sendJson("PUT", `/api/users/${encodeURIComponent(u.name)}`, {
                            disabled,
                          }),
                        );
                      }
                    }}
                  >
                    {u.disabled ? "Enable" : "Disable"}
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      const password = prompt(`New password for ${u.name} (10 characters or more)`);
                      if (password) {
                        act(
                          `password of ${u.name} changed; their sessions ended`,
                          sendJson("PUT", `/api/users/${encodeURIComponent(u.name)}`, {
                            password,
                          }),
                        );
                      }
                    }}
                  >
                    Set password
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      if (confirm(`Remove ${u.name} for good?`)) {
                        act(
                          `${u.name} removed`,
                          sendJson("DELETE", `/api/users/${encodeURIComponent(u.name)}`),
                        );
                      }
                    }}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {users && (
        <form
          class="new-user"
          aria-labelledby="new-user-title"
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget as HTMLFormElement;
            const data = new FormData(form);
            const name = String(data.get("name") ?? "");
            act(
              `${name} added`,
              sendJson("POST", "/api/users", {
                name,
                role: String(data.get("role")),
                password: String(data.get("password") ?? ""),
              }),
            ).then(() => form.reset());
          }}
        >
          <h3 id="new-user-title">Add a user</h3>
          <label>
            Name <input id="new-user-name" name="name" required maxLength={64} />
          </label>
          <label>
            Role{" "}
            <select id="new-user-role" name="role">
              {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
          </label>
          <label>
            Password{" "}
            <input
              id="new-user-password"
              name="password"
              type="password"
              minLength={10}
              required
              autocomplete="new-password"
            />
          </label>
          <button type="submit">Add user</button>
        </form>
      )}
    </section>
  );
}
