import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { edgeMidpoints, insertPoint, movePoint, nudgePoint, deletePoint, toUnitPoint, type Point, type ZoneDraft } from '../lib/polygon-editing.js';
import { useDisplayedSize } from './use-displayed-size.js';

export interface Selection {
  zone: number | null;
  point: number | null;
}

interface Props {
  snapshotUrl: string;
  zones: readonly ZoneDraft[];
  selection: Selection;
  onSelect(selection: Selection): void;
  /** Replaces one zone's polygon (and whether it is still being drawn). */
  onPolygon(zone: number, polygon: Point[], open?: boolean): void;
}

const NUDGE = 0.005;

function insidePolygon([x, y]: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] ?? [0, 0];
    const [xj, yj] = polygon[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The camera's frame with its zones drawn over it. Click to add points to the zone being drawn, click its first
 * point to close it, drag points, drag an edge's middle handle to add a point there; arrow keys move the focused
 * point and Delete removes it.
 */
export function ZoneCanvas({ snapshotUrl, zones, selection, onSelect, onPolygon }: Props) {
  const svgRef = useRef<SVGSVGElement | null>(null);
  const [stage, setStage] = useState<HTMLDivElement | null>(null);
  const [imageFailed, setImageFailed] = useState(false);
  const [dragging, setDragging] = useState<{ zone: number; point: number } | null>(null);
  const { width, height } = useDisplayedSize(stage);
  const px = ([x, y]: Point): [number, number] => [x * width, y * height];
  const current = selection.zone === null ? undefined : zones[selection.zone];

  const unitAt = (event: PointerEvent): Point => {
    const box = svgRef.current?.getBoundingClientRect() ?? { left: 0, top: 0, width: 0, height: 0 };
    return toUnitPoint(event.clientX, event.clientY, box);
  };

  const startDrag = (event: PointerEvent, zone: number, point: number) => {
    event.stopPropagation();
    svgRef.current?.setPointerCapture(event.pointerId);
    setDragging({ zone, point });
    onSelect({ zone, point });
  };

  const onBackgroundDown = (event: PointerEvent<SVGSVGElement>) => {
    if (event.button !== 0) return;
    const point = unitAt(event);
    if (current && selection.zone !== null && current.open) {
      onPolygon(selection.zone, [...current.polygon, point]);
      onSelect({ zone: selection.zone, point: current.polygon.length });
      return;
    }
    const hit = zones.findIndex((zone) => !zone.open && insidePolygon(point, zone.polygon));
    onSelect({ zone: hit >= 0 ? hit : null, point: null });
  };

  const onVertexDown = (event: PointerEvent, zoneIndex: number, pointIndex: number) => {
    const zone = zones[zoneIndex];
    if (zone?.open && zoneIndex === selection.zone && pointIndex === 0 && zone.polygon.length >= 3) {
      event.stopPropagation();
      onPolygon(zoneIndex, zone.polygon, false);
      return;
    }
    startDrag(event, zoneIndex, pointIndex);
  };

  const onMidpointDown = (event: PointerEvent, zoneIndex: number, edge: number, at: Point) => {
    const zone = zones[zoneIndex];
    if (!zone) return;
    onPolygon(zoneIndex, insertPoint(zone.polygon, edge, at));
    startDrag(event, zoneIndex, edge + 1);
  };

  const onMove = (event: PointerEvent<SVGSVGElement>) => {
    const zone = dragging ? zones[dragging.zone] : undefined;
    if (dragging && zone) onPolygon(dragging.zone, movePoint(zone.polygon, dragging.point, unitAt(event)));
  };

  const onVertexKey = (event: KeyboardEvent, zoneIndex: number, pointIndex: number) => {
    const zone = zones[zoneIndex];
    if (!zone) return;
    const step = event.shiftKey ? NUDGE * 4 : NUDGE;
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const move = moves[event.key];
    if (move) onPolygon(zoneIndex, nudgePoint(zone.polygon, pointIndex, move[0], move[1]));
    else if (event.key === 'Delete' || event.key === 'Backspace') {
      onPolygon(zoneIndex, deletePoint(zone.polygon, pointIndex));
      onSelect({ zone: zoneIndex, point: null });
    } else return;
    event.preventDefault();
  };

  return (
    <div className="zone-stage" ref={setStage}>
      {imageFailed ? (
        <div className="zone-placeholder">No frame from this camera yet: zones can still be drawn.</div>
      ) : (
        <img src={snapshotUrl} alt="Latest frame of the camera" onError={() => setImageFailed(true)} draggable={false} />
      )}
      <svg ref={svgRef} className="zone-svg" data-testid="zone-editor" width={width} height={height} viewBox={`0 0 ${width} ${height}`}
        onPointerDown={onBackgroundDown} onPointerMove={onMove} onPointerUp={() => setDragging(null)} onPointerCancel={() => setDragging(null)}
        role="application" aria-label="Zone editor: click to add points, drag points to move them">
        {zones.map((zone, zi) => {
          const selected = zi === selection.zone;
          const points = zone.polygon.map((p) => px(p).join(',')).join(' ');
          return (
            <g key={zi} className={`zone-shape${selected ? ' selected' : ''}`} data-testid="zone-shape" data-zone-id={zone.id}>
              {zone.open ? <polyline points={points} /> : <polygon points={points} />}
              {zone.polygon[0] && !selected && (
                <text x={px(zone.polygon[0])[0] + 6} y={px(zone.polygon[0])[1] - 6}>{zone.name}</text>
              )}
              {selected && !zone.open && zone.polygon.length >= 2 &&
                edgeMidpoints(zone.polygon).map((m, edge) => (
                  <circle key={`m${edge}`} className="midpoint" cx={px(m)[0]} cy={px(m)[1]} r={5} data-testid="zone-midpoint"
                    onPointerDown={(e) => onMidpointDown(e, zi, edge, m)} />
                ))}
              {selected &&
                zone.polygon.map((p, pi) => (
                  <circle key={pi} className={`vertex${pi === selection.point ? ' active' : ''}${zone.open && pi === 0 ? ' first' : ''}`}
                    cx={px(p)[0]} cy={px(p)[1]} r={7} tabIndex={0} role="button" data-testid="zone-vertex" data-index={pi}
                    aria-label={`Point ${pi + 1} of ${zone.name}: ${p[0].toFixed(3)}, ${p[1].toFixed(3)}`}
                    onPointerDown={(e) => onVertexDown(e, zi, pi)} onKeyDown={(e) => onVertexKey(e, zi, pi)}
                    onFocus={() => onSelect({ zone: zi, point: pi })} />
                ))}
            </g>
          );
        })}
      </svg>
    </div>
  );
}
