/** Today's date on this device as `YYYY-MM-DD`, the form the API takes. */
export function todayIso(): string {
  const now = new Date();
  const month = String(now.getMonth() + 1).padStart(2, '0');
  const day = String(now.getDate()).padStart(2, '0');
  return `${now.getFullYear()}-${month}-${day}`;
}

/** The date part of an ISO date or timestamp, as people read it. */
export function shortDate(value: string): string {
  return value.slice(0, 10);
}

/** Date and minute of an ISO timestamp, in the device's time zone. */
export function dateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** How long ago, in whole minutes, hours or days; never negative (clocks differ a little). */
export function ago(
  value: string,
  now: number = Date.now(),
): { unit: 'now' | 'minutes' | 'hours' | 'days'; count: number } {
  const then = new Date(value).getTime();
  if (Number.isNaN(then)) return { unit: 'now', count: 0 };
  const minutes = Math.max(0, Math.floor((now - then) / 60_000));
  if (minutes < 1) return { unit: 'now', count: 0 };
  if (minutes < 60) return { unit: 'minutes', count: minutes };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { unit: 'hours', count: hours };
  return { unit: 'days', count: Math.floor(hours / 24) };
}
