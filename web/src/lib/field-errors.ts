import type { FieldErrorDto } from '../api/contracts.js';

export interface ZoneFieldErrors {
  /** Messages per zone index, each prefixed with the field inside the zone ("polygon.2: …"). */
  byZone: Map<number, string[]>;
  /** Messages not about one zone. */
  general: string[];
}

/** Sorts the API's `error.fields` (paths like `zones.0.polygon.2.1`) by the zone they are about. */
export function zoneFieldErrors(fields: readonly FieldErrorDto[]): ZoneFieldErrors {
  const byZone = new Map<number, string[]>();
  const general: string[] = [];
  for (const field of fields) {
    const match = /^(?:body\.)?zones\.(\d+)(?:\.(.+))?$/.exec(field.path);
    if (!match) {
      general.push(field.path ? `${field.path}: ${field.message}` : field.message);
      continue;
    }
    const index = Number(match[1]);
    const message = match[2] ? `${match[2]}: ${field.message}` : field.message;
    byZone.set(index, [...(byZone.get(index) ?? []), message]);
  }
  return { byZone, general };
}
