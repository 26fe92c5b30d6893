/** What to do when Vigil has no camera that takes video over WHIP yet. */
export function PublishNoCameras() {
  return (
    <section className="panel" aria-labelledby="publish-none-title" data-testid="publish-no-cameras">
      <h2 id="publish-none-title">No WHIP camera yet</h2>
      <p>
        A device publishes to a camera whose url starts with <code>whip://</code>. Add one to <code>vigil.yaml</code>:
      </p>
      <pre className="code-block">{`cameras:
  - id: dock-phone
    name: Dock phone
    url: whip://dock-phone
    sample: { fps: 2, maxSide: 640 }`}</pre>
      <p>
        or through the cameras API: <code>POST /api/cameras</code> with <code>{'{ "id": "dock-phone", "name": "Dock phone", "url": "whip://dock-phone" }'}</code>.
        It shows up here once Vigil knows it.
      </p>
    </section>
  );
}
