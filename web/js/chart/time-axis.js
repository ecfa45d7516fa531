// Time axis ticks and labels. The tick interval is the smallest "clock" interval (1 s ... 30 d) that
// leaves room for a label, ticks fall on local wall-clock boundaries (every 5 minutes at :00, :05,
// ...; days at local midnight), and the label format follows the range: HH:MM:SS below a minute
// per tick, MM-DD HH:MM when the range spans more than a day, MM-DD for whole days, else HH:MM
// (MM-DD at local midnight).

const INTERVALS = [
  1, 2, 5, 10, 15, 30,
  60, 120, 300, 600, 900, 1800,
  3600, 7200, 10800, 21600, 43200,
  86400, 172800, 604800, 2592000,
];
const DAY = 86400;

const pad = (n) => (n < 10 ? "0" + n : String(n));

/** Ticks (epoch seconds) and a label function for [start, end] drawn `width` pixels wide. */
export function timeTicks(start, end, width, minSpacing = 90) {
  const span = Math.max(end - start, 1e-3);
  const maxTicks = Math.max(1, width / minSpacing);
  let interval = INTERVALS[INTERVALS.length - 1];
  for (const candidate of INTERVALS) {
    if (span / candidate <= maxTicks) { interval = candidate; break; }
  }
  const ticks = [];
  if (interval < DAY) {
    // Align in local time: shift by the zone offset, round, shift back. The offset is taken at the
    // range start; a DST change inside the range moves later ticks by an hour, which is harmless.
    const offset = -new Date(start * 1000).getTimezoneOffset() * 60;
    let t = Math.ceil((start + offset) / interval) * interval - offset;
    for (; t <= end && ticks.length < 200; t += interval) ticks.push(t);
  } else {
    const days = Math.round(interval / DAY);
    const d = new Date(start * 1000);
    d.setHours(0, 0, 0, 0);
    while (d.getTime() / 1000 < start) d.setDate(d.getDate() + 1);
    // Weeks and months: keep day numbers that are multiples of the interval, so ticks do not
    // wander as the range slides.
    for (; d.getTime() / 1000 <= end && ticks.length < 200; d.setDate(d.getDate() + 1)) {
      const dayNumber = Math.round(d.getTime() / 1000 / DAY);
      if (days === 1 || dayNumber % days === 0) ticks.push(d.getTime() / 1000);
    }
  }
  return { ticks, interval, format: timeFormat(interval, span) };
}

/** The label function for ticks `interval` seconds apart over a range of `span` seconds. */
export function timeFormat(interval, span) {
  if (interval >= DAY) {
    return (t) => { const d = new Date(t * 1000); return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`; };
  }
  if (span > DAY) {
    return (t) => {
      const d = new Date(t * 1000);
      return `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
  }
  if (interval < 60) {
    return (t) => { const d = new Date(t * 1000); return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`; };
  }
  // Within a day's range, the tick at local midnight names the new day instead of "00:00".
  return (t) => {
    const d = new Date(t * 1000);
    if (d.getHours() === 0 && d.getMinutes() === 0) return `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
}
