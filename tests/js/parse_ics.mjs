// Reads one ICS document on stdin, parses it with ical.js (Thunderbird's parser) and prints JSON:
// {calendar: {...properties}, events: [{uid, sequence, summary, start, end, startZone, ...}]}.
// start/end are UTC ISO instants as ical.js computes them. Exits 1 with a message on a parse error.
import ICAL from "ical.js";

function readStdin() {
  return new Promise((resolve, reject) => {
    const chunks = [];
    process.stdin.on("data", (chunk) => chunks.push(chunk));
    process.stdin.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    process.stdin.on("error", reject);
  });
}

function instant(time) {
  return time.toJSDate().toISOString().replace(".000Z", "Z");
}

function text(component, name) {
  const value = component.getFirstPropertyValue(name);
  if (value === null || value === undefined) return null;
  return typeof value === "string" || typeof value === "number" ? value : value.toString();
}

const source = await readStdin();
let root;
try {
  root = new ICAL.Component(ICAL.parse(source));
} catch (error) {
  process.stderr.write(`ical.js could not parse the feed: ${error.message}\n`);
  process.exit(1);
}

const refresh = root.getFirstProperty("refresh-interval");
const calendar = {
  name: root.name,
  version: text(root, "version"),
  prodid: text(root, "prodid"),
  uid: text(root, "uid"),
  name_property: text(root, "name"),
  x_wr_calname: text(root, "x-wr-calname"),
  x_published_ttl: text(root, "x-published-ttl"),
  refresh_interval: refresh ? refresh.getFirstValue().toString() : null,
  refresh_interval_type: refresh ? refresh.type : null,
  vtimezones: root.getAllSubcomponents("vtimezone").length,
};

const events = root.getAllSubcomponents("vevent").map((vevent) => {
  const event = new ICAL.Event(vevent);
  return {
    uid: event.uid,
    sequence: event.sequence,
    summary: event.summary,
    description: event.description,
    start: instant(event.startDate),
    end: instant(event.endDate),
    start_zone: event.startDate.zone ? event.startDate.zone.tzid : null,
    end_zone: event.endDate.zone ? event.endDate.zone.tzid : null,
    duration_seconds: event.duration.toSeconds(),
    dtstamp: instant(vevent.getFirstPropertyValue("dtstamp")),
    last_modified: instant(vevent.getFirstPropertyValue("last-modified")),
    transp: text(vevent, "transp"),
    valarms: vevent.getAllSubcomponents("valarm").length,
  };
});

process.stdout.write(JSON.stringify({ calendar, events }, null, 1) + "\n");
