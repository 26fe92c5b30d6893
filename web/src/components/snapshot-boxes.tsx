import { useState } from 'react';
import type { BoxDto } from '../api/contracts.js';
import { boxToRect, labelAnchor } from '../lib/box-mapping.js';
import { useDisplayedSize } from './use-displayed-size.js';

const LABEL_HEIGHT = 18;

/** The alert's snapshot with the model's boxes (0–1000) drawn over it at the size the image is shown. */
export function SnapshotWithBoxes({ src, boxes, alt }: { src: string; boxes: readonly BoxDto[]; alt: string }) {
  const [image, setImage] = useState<HTMLImageElement | null>(null);
  const [failed, setFailed] = useState(false);
  const { width, height } = useDisplayedSize(image);

  if (failed) return <p className="muted">No snapshot for this alert.</p>;
  return (
    <figure className="snapshot" data-testid="alert-snapshot">
      <img
        ref={setImage}
        src={src}
        alt={alt}
        onError={() => setFailed(true)}
      />
      {width > 0 && height > 0 && (
        <svg className="box-overlay" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true">
          {boxes.map((box, index) => {
            const rect = boxToRect(box, width, height);
            const anchor = labelAnchor(rect, LABEL_HEIGHT);
            return (
              <g key={index}>
                <rect data-testid="box" data-label={box.label} x={rect.x} y={rect.y} width={rect.width} height={rect.height} />
                <text x={anchor.x} y={anchor.y}>
                  {box.label}
                </text>
              </g>
            );
          })}
        </svg>
      )}
      {boxes.length > 0 && (
        <figcaption className="sr-only">Boxes: {boxes.map((b) => b.label).join(', ')}</figcaption>
      )}
    </figure>
  );
}
