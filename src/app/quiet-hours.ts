// Quiet hours: chat messages wait from the evening until the morning, local time.

/** When the quiet hours that `now` falls in end (local time in `zone`), or null outside them. */
export function quietHoursEnd(policy: { readonly quietHours: { readonly start: string; readonly end: string } | null }, now: Date, zone: string): Date | null {
  if (!policy.quietHours) return null;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const local = localMinutes(now, zone);
  const start = minutes(policy.quietHours.start);
  const end = minutes(policy.quietHours.end);
  const quiet = start > end ? local >= start || local < end : local >= start && local < end;
  if (!quiet) return null;
  const untilEnd = (end - local + 24 * 60) % (24 * 60);
  const at = new Date(now.getTime() + untilEnd * 60_000);
  at.setUTCSeconds(0, 0);
  return at;
}

function localMinutes(now: Date, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}
