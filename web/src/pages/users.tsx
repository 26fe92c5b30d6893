import { useState } from 'react';
import { api, errorText } from '../api/http.adapter.js';
import type { CameraListDto, UserDto, UserListDto } from '../api/contracts.js';
import { useSession } from '../api/session.js';
import { ErrorNote } from '../components/badges.js';
import { useResource } from '../components/use-resource.js';
import { UserForm } from '../components/user-form.js';
import { can, ROLE_LABEL } from '../lib/access.js';
import { formatTime } from '../lib/format.js';
import { cameraAccessText, createBody, emptyUserForm, updateBody, userFormFrom, type UserFormValues } from '../lib/user-form.js';

const userPath = (id: string): string => `/api/users/${encodeURIComponent(id)}`;

/** `/users` (admins): who may sign in, with which role and cameras. */
export function UsersPage() {
  const { role } = useSession();
  if (!can(role, 'manageUsers')) {
    return (
      <section aria-labelledby="users-title">
        <h1 id="users-title">Users</h1>
        <p className="notice" data-testid="users-not-allowed">Only an admin manages users.</p>
      </section>
    );
  }
  return <UsersAdmin />;
}

function UsersAdmin() {
  const { user: me } = useSession();
  const users = useResource<UserListDto>('/api/users');
  const cameras = useResource<CameraListDto>('/api/cameras');
  const [editing, setEditing] = useState<'new' | UserDto | null>(null);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const saved = (text: string) => {
    setEditing(null);
    setMessage(text);
    users.reload();
  };

  const create = async (values: UserFormValues) => {
    const created = await api.post<UserDto>('/api/users', createBody(values));
    saved(`${created.username} was created.`);
  };

  const update = async (original: UserDto, values: UserFormValues) => {
    const body = updateBody(values, original);
    if (Object.keys(body).length === 0) return saved('Nothing changed.');
    const updated = await api.put<UserDto>(userPath(original.id), body);
    saved(`${updated.username} was saved.`);
  };

  const remove = async (user: UserDto) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      await api.delete(userPath(user.id));
      setDeleting(null);
      saved(`${user.username} was deleted.`);
    } catch (failure) {
      // The server's reason verbatim, e.g. that the last admin cannot be removed.
      setError(errorText(failure));
    } finally {
      setBusy(false);
    }
  };

  const startEditing = (next: 'new' | UserDto) => {
    setEditing(next);
    setDeleting(null);
    setError(null);
    setMessage(null);
  };

  return (
    <section aria-labelledby="users-title" data-testid="users-page">
      <div className="page-head">
        <h1 id="users-title">Users</h1>
        <button type="button" className="primary" onClick={() => startEditing('new')} disabled={editing === 'new'} data-testid="user-new">
          New user
        </button>
      </div>
      <ErrorNote>{users.error}</ErrorNote>
      {error && (
        <p className="error-note" role="alert" data-testid="users-error">
          {error}
        </p>
      )}
      {message && (
        <p className="notice" role="status" data-testid="users-message">
          {message}
        </p>
      )}
      {editing && (
        <UserForm key={editing === 'new' ? 'new' : editing.id} mode={editing === 'new' ? 'create' : 'edit'}
          initial={editing === 'new' ? emptyUserForm() : userFormFrom(editing)} cameras={cameras.data?.items ?? []}
          onSubmit={(values) => (editing === 'new' ? create(values) : update(editing, values))} onCancel={() => setEditing(null)} />
      )}
      {users.loading && !users.data && <p className="muted">Loading users…</p>}
      {users.data && (
        <div className="table-wrap">
          <table data-testid="users-table">
            <thead>
              <tr>
                <th scope="col">Username</th>
                <th scope="col">Display name</th>
                <th scope="col">Role</th>
                <th scope="col">Cameras</th>
                <th scope="col">State</th>
                <th scope="col">Created</th>
                <th scope="col"><span className="sr-only">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {users.data.items.map((user) => (
                <tr key={user.id} data-testid="user-row" data-username={user.username} data-role={user.role}
                  data-disabled={user.disabled ? 'true' : 'false'}>
                  <th scope="row">
                    {user.username}
                    {user.id === me?.id && <span className="muted"> (you)</span>}
                  </th>
                  <td>{user.displayName}</td>
                  <td>{ROLE_LABEL[user.role]}</td>
                  <td>{cameraAccessText(user.cameras)}</td>
                  <td>{user.disabled ? <span className="badge">Disabled</span> : 'Enabled'}</td>
                  <td>{formatTime(user.createdAt)}</td>
                  <td className="row-actions">
                    {deleting === user.id ? (
                      <span role="group" aria-label={`Delete ${user.username}?`}>
                        <button type="button" className="danger" disabled={busy} onClick={() => void remove(user)} data-testid="user-delete-confirm"
                          autoFocus>
                          {busy ? 'Deleting…' : `Delete ${user.username}`}
                        </button>
                        <button type="button" disabled={busy} onClick={() => setDeleting(null)}>
                          Keep
                        </button>
                      </span>
                    ) : (
                      <>
                        <button type="button" onClick={() => startEditing(user)} data-testid="user-edit">
                          Edit
                        </button>
                        <button type="button" className="danger" onClick={() => (setDeleting(user.id), setError(null), setMessage(null))}
                          data-testid="user-delete">
                          Delete
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {users.data?.items.length === 0 && <p className="empty">No users yet.</p>}
    </section>
  );
}
