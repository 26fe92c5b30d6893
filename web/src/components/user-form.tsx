import { useState, type FormEvent } from 'react';
import { ApiError, errorText } from '../api/http.adapter.js';
import type { CameraDto, Role } from '../api/contracts.js';
import { ROLE_DESCRIPTION, ROLE_LABEL, ROLES } from '../lib/access.js';
import {
  hasErrors,
  MIN_PASSWORD_LENGTH,
  userFieldErrors,
  validateUserForm,
  type UserField,
  type UserFormErrors,
  type UserFormValues,
} from '../lib/user-form.js';

interface Props {
  mode: 'create' | 'edit';
  initial: UserFormValues;
  cameras: readonly CameraDto[];
  /** Sends the form; a refusal (ApiError) comes back onto the fields it names. */
  onSubmit(values: UserFormValues): Promise<void>;
  onCancel(): void;
}

function FieldError({ field, errors }: { field: UserField; errors: UserFormErrors }) {
  const message = errors[field];
  if (!message) return null;
  return (
    <p className="field-error" id={`user-${field}-error`} data-testid="user-field-error" data-field={field}>
      {message}
    </p>
  );
}

/** Create or edit a user: name, password, role, and which cameras they see. */
export function UserForm({ mode, initial, cameras, onSubmit, onCancel }: Props) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<UserFormErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<UserFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const described = (field: UserField) => (errors[field] ? `user-${field}-error` : undefined);

  const toggleCamera = (id: string, on: boolean) =>
    set({ cameras: on ? [...values.cameras.filter((c) => c !== id), id] : values.cameras.filter((c) => c !== id) });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found = validateUserForm(values, mode);
    setErrors(found);
    setGeneral(null);
    if (hasErrors(found)) return;
    setBusy(true);
    try {
      await onSubmit(values);
    } catch (failure) {
      if (failure instanceof ApiError && failure.fields.length > 0) {
        const sorted = userFieldErrors(failure.fields);
        setErrors(sorted.byField);
        setGeneral([failure.message, ...sorted.general].join(' '));
      } else {
        setGeneral(errorText(failure));
      }
      setBusy(false);
    }
  };

  // Cameras the user may already see but that no longer exist still show, so saving does not drop them silently.
  const known = new Set(cameras.map((c) => c.id));
  const choices = [...cameras.map((c) => ({ id: c.id, name: c.name })), ...values.cameras.filter((id) => !known.has(id)).map((id) => ({ id, name: id }))];

  return (
    <form className="panel user-form" onSubmit={(e) => void submit(e)} data-testid="user-form" data-mode={mode} noValidate
      aria-labelledby="user-form-title">
      <h2 id="user-form-title">{mode === 'create' ? 'New user' : `Edit ${initial.username}`}</h2>
      <div className="form-grid">
        <div>
          <label htmlFor="user-username">Username</label>
          <input id="user-username" type="text" autoComplete="off" autoCapitalize="none" spellCheck={false} value={values.username}
            readOnly={mode === 'edit'} onChange={(e) => set({ username: e.target.value })} data-testid="user-username"
            aria-invalid={errors.username ? true : undefined} aria-describedby={described('username') ?? 'user-username-hint'} />
          {mode === 'create' && <p className="hint" id="user-username-hint">Lower-case letters and digits, also . _ @ -</p>}
          <FieldError field="username" errors={errors} />
        </div>
        <div>
          <label htmlFor="user-display-name">Display name</label>
          <input id="user-display-name" type="text" autoComplete="off" value={values.displayName} maxLength={200}
            onChange={(e) => set({ displayName: e.target.value })} data-testid="user-display-name"
            aria-invalid={errors.displayName ? true : undefined} aria-describedby={described('displayName')} />
          <FieldError field="displayName" errors={errors} />
        </div>
        <div>
          <label htmlFor="user-password">{mode === 'create' ? 'Password' : 'New password (leave empty to keep)'}</label>
          <input id="user-password" type="password" autoComplete="new-password" value={values.password}
            onChange={(e) => set({ password: e.target.value })} data-testid="user-password"
            aria-invalid={errors.password ? true : undefined} aria-describedby={described('password') ?? 'user-password-hint'} />
          <p className="hint" id="user-password-hint">At least {MIN_PASSWORD_LENGTH} characters.</p>
          <FieldError field="password" errors={errors} />
        </div>
        <div>
          <label htmlFor="user-role">Role</label>
          <select id="user-role" value={values.role} onChange={(e) => set({ role: e.target.value as Role })} data-testid="user-role"
            aria-describedby="user-role-hint">
            {ROLES.map((role) => <option key={role} value={role}>{ROLE_LABEL[role]}</option>)}
          </select>
          <p className="hint" id="user-role-hint">{ROLE_LABEL[values.role]}: {ROLE_DESCRIPTION[values.role]}.</p>
          <FieldError field="role" errors={errors} />
        </div>
      </div>
      <fieldset className="user-cameras" aria-describedby={described('cameras')}>
        <legend>Cameras</legend>
        <label className="inline">
          <input type="radio" name="user-cameras" checked={values.allCameras} onChange={() => set({ allCameras: true })}
            data-testid="user-cameras-all" />
          All cameras, including ones added later
        </label>
        <label className="inline">
          <input type="radio" name="user-cameras" checked={!values.allCameras} onChange={() => set({ allCameras: false })}
            data-testid="user-cameras-some" />
          Only these cameras:
        </label>
        <ul className="camera-choices">
          {choices.map((camera) => (
            <li key={camera.id}>
              <label className="inline">
                <input type="checkbox" checked={values.cameras.includes(camera.id)} disabled={values.allCameras}
                  onChange={(e) => toggleCamera(camera.id, e.target.checked)} data-testid="user-camera" data-camera-id={camera.id} />
                {camera.name} <span className="muted">({camera.id})</span>
              </label>
            </li>
          ))}
          {choices.length === 0 && <li className="muted">No cameras yet.</li>}
        </ul>
        <FieldError field="cameras" errors={errors} />
      </fieldset>
      {mode === 'edit' && (
        <label className="inline">
          <input type="checkbox" checked={values.disabled} onChange={(e) => set({ disabled: e.target.checked })} data-testid="user-disabled" />
          Disabled: cannot sign in, and their API tokens stop working
        </label>
      )}
      {general && (
        <p className="error-note" role="alert" data-testid="user-form-error">
          {general}
        </p>
      )}
      <div className="button-row">
        <button type="submit" className="primary" disabled={busy} data-testid="user-save">
          {busy ? 'Saving…' : mode === 'create' ? 'Create user' : 'Save changes'}
        </button>
        <button type="button" disabled={busy} onClick={onCancel} data-testid="user-cancel">
          Cancel
        </button>
      </div>
    </form>
  );
}
