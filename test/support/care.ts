import type { Page } from 'playwright-core';

/** What the care browser tests read of households and plans through the API. */
export interface Member {
  id: string;
  name: string;
  age: number | null;
}
export interface Household {
  id: string;
  address: { label: string };
  members: Member[];
}
export interface Plan {
  id: string;
  residentId: string;
  residentName: string;
  householdId: string;
}

/** The signed-in person's households, with their members (through the API). */
export async function householdsOf(page: Page, url: string): Promise<Household[]> {
  const list = (await (await page.request.get(`${url}/api/v1/households?limit=100`)).json()) as {
    items: { id: string }[];
  };
  const out: Household[] = [];
  for (const item of list.items) {
    out.push((await (await page.request.get(`${url}/api/v1/households/${item.id}`)).json()) as Household);
  }
  return out;
}

/** China Standard Time `HH:MM`, `minutes` from now (kept within today). */
export function cstTime(minutes: number): string {
  const at = new Date(Date.now() + 8 * 3_600_000 + minutes * 60_000);
  if (at.toISOString().slice(0, 10) !== cstToday()) return '23:59';
  return at.toISOString().slice(11, 16);
}

export function cstToday(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}
