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
