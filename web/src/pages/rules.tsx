import type { ReasoningDto, RulePackListDto } from '../api/contracts.js';
import { ErrorNote, SeverityBadge } from '../components/badges.js';
import { useResource } from '../components/use-resource.js';
import { describeCameras, describeCondition, isHazardRule } from '../lib/rule-text.js';

/** `/rules`: the loaded packs, each rule in words with its cameras, and every pack error with its place. */
export function RulesPage() {
  const packs = useResource<RulePackListDto>('/api/rules', { pollMs: 15_000 });
  const reasoning = useResource<ReasoningDto>('/api/reasoning');
  const reasoningOff = reasoning.data?.reasoner.state === 'off';

  return (
    <section aria-labelledby="rules-title">
      <h1 id="rules-title">Rules</h1>
      <ErrorNote>{packs.error}</ErrorNote>
      {reasoningOff && (
        <p className="notice" data-testid="reasoning-off">
          Hazard reasoning is off (no model configured): hazard rules are waiting for reasoning. Pixel rules run as usual.
        </p>
      )}
      {packs.data?.items.map((pack) => (
        <section key={pack.file} className="panel" data-testid="rule-pack" data-file={pack.file} aria-labelledby={`pack-${pack.file}`}>
          <h2 id={`pack-${pack.file}`}>
            <code>{pack.file}</code> <span className="muted">· {pack.rules.length} rules</span>
          </h2>
          {pack.errors.length > 0 && (
            <div className="error-note" role="alert">
              <p>
                This pack has errors.{' '}
                {pack.rules.length > 0 ? 'The last good version keeps running.' : 'It has never loaded, so none of its rules run.'}
              </p>
              <ul data-testid="rule-pack-errors">
                {pack.errors.map((error, i) => (
                  <li key={i}>
                    <code>{`${error.file}:${error.line}:${error.column}`}</code> {error.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {pack.rules.length > 0 && (
            <div className="table-wrap">
              <table>
                <thead>
                  <tr><th scope="col">Rule</th><th scope="col">Severity</th><th scope="col">Cameras</th><th scope="col">Fires when</th><th scope="col">Notifies</th></tr>
                </thead>
                <tbody>
                  {pack.rules.map((rule) => (
                    <tr key={rule.id} data-testid="rule-row" data-rule-id={rule.id}>
                      <th scope="row">{rule.name}<div className="muted"><code>{rule.id}</code></div></th>
                      <td><SeverityBadge severity={rule.severity} /></td>
                      <td>{describeCameras(rule)}</td>
                      <td>
                        {describeCondition(rule.when)}
                        {reasoningOff && isHazardRule(rule) && <div className="muted">Waiting for reasoning</div>}
                      </td>
                      <td>{rule.notify.join(', ') || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
      {packs.data?.items.length === 0 && <p className="empty">No rule packs loaded.</p>}
    </section>
  );
}
