import type { CameraDto } from '../api/contracts.js';
import { SINCE_CHOICES, SINCE_LABEL, toggle, type AlertFilter, type SinceChoice } from '../lib/alert-filters.js';
import { ALERT_STATUSES, SEVERITIES, SEVERITY_LABEL, STATUS_LABEL } from '../lib/severity.js';

export type FeedOrder = 'newest' | 'urgent';

interface Props {
  filter: AlertFilter;
  cameras: readonly CameraDto[];
  order: FeedOrder;
  onChange(filter: AlertFilter): void;
  onOrder(order: FeedOrder): void;
}

export function FeedFilters({ filter, cameras, order, onChange, onOrder }: Props) {
  const selectedCamera = filter.cameras.length === 1 ? filter.cameras[0] : '';
  return (
    <form className="filters" aria-label="Filter alerts" onSubmit={(e) => e.preventDefault()} data-testid="feed-filters">
      <label>
        Camera
        <select value={selectedCamera} data-testid="filter-camera"
          onChange={(e) => onChange({ ...filter, cameras: e.target.value ? [e.target.value] : [] })}>
          <option value="">All cameras</option>
          {cameras.map((camera) => (
            <option key={camera.id} value={camera.id}>{camera.name}</option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>Severity</legend>
        {SEVERITIES.map((severity) => (
          <label key={severity} className={`chip sev-${severity}`}>
            <input type="checkbox" checked={filter.severities.includes(severity)} data-testid={`filter-severity-${severity}`}
              onChange={() => onChange({ ...filter, severities: toggle(filter.severities, severity) })} />
            {SEVERITY_LABEL[severity]}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Status</legend>
        {ALERT_STATUSES.map((status) => (
          <label key={status} className="chip">
            <input type="checkbox" checked={filter.statuses.includes(status)} data-testid={`filter-status-${status}`}
              onChange={() => onChange({ ...filter, statuses: toggle(filter.statuses, status) })} />
            {STATUS_LABEL[status]}
          </label>
        ))}
      </fieldset>
      <label>
        Since
        <select value={filter.since} data-testid="filter-since"
          onChange={(e) => onChange({ ...filter, since: e.target.value as SinceChoice })}>
          {SINCE_CHOICES.map((choice) => (
            <option key={choice} value={choice}>{SINCE_LABEL[choice]}</option>
          ))}
        </select>
      </label>
      <label>
        Order
        <select value={order} data-testid="feed-order" onChange={(e) => onOrder(e.target.value as FeedOrder)}>
          <option value="newest">Newest first</option>
          <option value="urgent">Most urgent first</option>
        </select>
      </label>
    </form>
  );
}
