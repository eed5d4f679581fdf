// How numbers, sizes and times read for people: Intl, in the browser's language and time zone.

const count = new Intl.NumberFormat();
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const SIZE_UNITS = ['kilobyte', 'megabyte', 'gigabyte', 'terabyte'];
const sizes = SIZE_UNITS.map((unit) =>
  new Intl.NumberFormat(undefined, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }));
// 24-hour clock and the zone's short name, so that a time is never ambiguous
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  timeZoneName: 'short',
});

/** 1234567 → "1,234,567" (in the browser's language). */
export function number(n) {
  return n == null ? '' : count.format(n);
}

/** 1234567 → "1,234,567 rows". */
export function rows(n) {
  return n == null ? '' : count.format(n) + (n === 1 ? ' row' : ' rows');
}

/** 1536000 → "1.5 MB": decimal units, as file managers show them. */
export function size(n) {
  if (n == null) {
    return '';
  }
  if (n < 1000) {
    return count.format(n) + (n === 1 ? ' byte' : ' bytes');
  }
  let value = n / 1000;
  let unit = 0;
  while (value >= 1000 && unit < SIZE_UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return sizes[unit].format(value);
}

/** 45.04 → "45%". */
export function percentOf(value) {
  return value == null ? '' : percent.format(value / 100);
}

/** 4000 → "1 h 6 min", 75 → "1 min 15 s", 9 → "9 s": a wait as people say it. */
export function duration(seconds) {
  const s = Math.max(0, Math.round(seconds || 0));
  if (s < 60) {
    return count.format(s) + ' s';
  }
  if (s < 3600) {
    return Math.floor(s / 60) + ' min' + (s % 60 ? ' ' + (s % 60) + ' s' : '');
  }
  if (s < 86400) {
    return Math.floor(s / 3600) + ' h' + (Math.floor(s / 60) % 60 ? ' ' + (Math.floor(s / 60) % 60) + ' min' : '');
  }
  return count.format(Math.floor(s / 86400)) + ' d' + (Math.floor(s / 3600) % 24 ? ' ' + (Math.floor(s / 3600) % 24) + ' h' : '');
}

/** An ISO instant in the user's time zone, as a <time> element whose title is the exact instant. */
export function time(iso) {
  const node = document.createElement('time');
  if (iso) {
    node.dateTime = iso;
    node.textContent = dateTime.format(new Date(iso));
    node.title = iso;
  }
  return node;
}

/** The browser's IANA time zone: the user's zone for times shown and the default for times in the file. */
export function timeZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
