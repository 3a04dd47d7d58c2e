/** The order a carrier walks a delivery round: building, entrance, then floor upwards, then door. */
export interface DeliveryStop {
  buildingNumber: string;
  entranceNumber: string;
  floor: number;
  room: string;
}

const collator = new Intl.Collator('zh-CN', { numeric: true });

export function byWalkingOrder<T extends DeliveryStop>(stops: readonly T[]): T[] {
  return [...stops].sort(
    (a, b) =>
      collator.compare(a.buildingNumber, b.buildingNumber) ||
      collator.compare(a.entranceNumber, b.entranceNumber) ||
      a.floor - b.floor ||
      collator.compare(a.room, b.room),
  );
}

/** Whether the money collected for an order needs an explanation. */
export function differenceFen(dueFen: number, collectedFen: number | null): number | null {
  return collectedFen === null ? null : collectedFen - dueFen;
}
