import { useEffect, useState } from 'react';

/** A read-only value to copy (a URL, a token): selected on focus, with a Copy button where the browser allows it. */
export function CopyField(props: { id: string; label: string; value: string; testId: string; autoFocus?: boolean }) {
  const { id, label, value, testId, autoFocus = false } = props;
  const [copied, setCopied] = useState(false);
  useEffect(() => setCopied(false), [value]);
  const canCopy = typeof navigator.clipboard?.writeText === 'function';
  const copy = () =>
    void navigator.clipboard.writeText(value).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div className="copy-field">
      <label htmlFor={id}>{label}</label>
      <div className="copy-row">
        <input id={id} type="text" readOnly value={value} spellCheck={false} data-testid={testId} autoFocus={autoFocus}
          onFocus={(e) => e.currentTarget.select()} />
        {canCopy && (
          <button type="button" onClick={copy} aria-label={`Copy ${label}`}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        )}
      </div>
    </div>
  );
}
