import type { RulePackDto } from '../api/contracts.js';
import type { ZoneFieldErrors } from '../lib/field-errors.js';
import { polygonArea, type ZoneDraft } from '../lib/polygon-editing.js';
import { describeCondition, rulesUsingZone } from '../lib/rule-text.js';
import { SeverityBadge } from './badges.js';
import type { Selection } from './zone-canvas.js';

interface Props {
  cameraId: string;
  zones: readonly ZoneDraft[];
  selection: Selection;
  packs: readonly RulePackDto[];
  problems: ReadonlyMap<number, string[]>;
  apiErrors: ZoneFieldErrors | null;
  onSelect(selection: Selection): void;
  onChange(index: number, patch: Partial<ZoneDraft>): void;
  onAdd(): void;
  onRemove(index: number): void;
  onRemovePoint(): void;
}

/** The list of zones: fields of the selected one, the rules that use each, and what is wrong with them. */
export function ZonePanel(props: Props) {
  const { cameraId, zones, selection, packs, problems, apiErrors } = props;
  return (
    <div className="zone-panel">
      <button type="button" onClick={props.onAdd} data-testid="zone-add">New zone</button>
      <ol className="zone-list">
        {zones.map((zone, index) => {
          const selected = index === selection.zone;
          const rules = rulesUsingZone(packs, cameraId, zone.id);
          const messages = [...(problems.get(index) ?? []), ...(apiErrors?.byZone.get(index) ?? [])];
          return (
            <li key={index} className={`zone-entry${selected ? ' selected' : ''}`} data-testid="zone-entry" data-zone-id={zone.id}>
              <button type="button" className="zone-select" aria-pressed={selected} onClick={() => props.onSelect({ zone: index, point: null })}>
                {zone.name || zone.id} <span className="muted">· {zone.polygon.length} points · {Math.round(polygonArea(zone.polygon) * 100)}% of frame</span>
              </button>
              {selected && (
                <div className="zone-fields">
                  <label>
                    Id
                    <input value={zone.id} onChange={(e) => props.onChange(index, { id: e.target.value })} data-testid="zone-id"
                      pattern="[a-z0-9][a-z0-9-]*" spellCheck={false} />
                  </label>
                  <label>
                    Name
                    <input value={zone.name} onChange={(e) => props.onChange(index, { name: e.target.value })} data-testid="zone-name" />
                  </label>
                  <div className="button-row">
                    {zone.open && (
                      <button type="button" disabled={zone.polygon.length < 3} onClick={() => props.onChange(index, { open: false })}
                        data-testid="zone-close">
                        Close polygon
                      </button>
                    )}
                    <button type="button" disabled={selection.point === null} onClick={props.onRemovePoint} data-testid="zone-delete-point">
                      Delete point
                    </button>
                    <button type="button" className="danger" onClick={() => props.onRemove(index)} data-testid="zone-delete">
                      Delete zone
                    </button>
                  </div>
                </div>
              )}
              {messages.length > 0 && (
                <ul className="error-note" data-testid="zone-errors">
                  {messages.map((text) => <li key={text}>{text}</li>)}
                </ul>
              )}
              <div className="zone-rules" data-testid="zone-rules">
                {rules.length === 0 ? (
                  <span className="muted">No rule uses this zone.</span>
                ) : (
                  <ul>
                    {rules.map((rule) => (
                      <li key={rule.id}>
                        <SeverityBadge severity={rule.severity} /> {rule.name} <span className="muted">— {describeCondition(rule.when)}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            </li>
          );
        })}
      </ol>
      {zones.length === 0 && <p className="muted">No zones. Motion rules without a zone watch the whole frame.</p>}
    </div>
  );
}
