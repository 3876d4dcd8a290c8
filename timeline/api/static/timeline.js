// The timeline page: data from the project's own GraphQL API; every text is inserted with
// textContent (article text is untrusted), never as HTML.
"use strict";
const SVGNS = "http://www.w3.org/2000/svg";
const PAGE = 500;
const PALETTE = ["#2f6fdb", "#d9480f", "#2b8a3e", "#ae3ec9", "#e8590c", "#0c8599", "#c2255c", "#5c940d", "#495057"];
const STANCE = { asserted: "#2f6fdb", denial: "#e03131", hedged: "#f08c00" };
const QUERY = `query($filter: ClaimFilter, $first: Int, $after: String) {
  claims(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id text language stance span { start end }
      eventTime { start end granularity expression } statedAt { start end }
      claimant { id name } entities { id name } group { id size }
      article { id source url outlet } } } } }`;
const ARTICLE = `query($id: ID!) { article(id: $id) { text title outlet url source language } }`;

function el(name, attrs, text) {
  const node = document.createElementNS(SVGNS, name);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

async function gql(query, variables) {
  const resp = await fetch("/graphql", { method: "POST", headers: { "Content-Type": "application/json" },
                                         body: JSON.stringify({ query, variables }) });
  const body = await resp.json();
  if (body.errors) throw new Error(body.errors.map((e) => e.message).join("; "));
  return body.data;
}

async function loadClaims(filter) {
  const claims = [];
  let after = null;
  for (;;) {
    const data = await gql(QUERY, { filter, first: PAGE, after });
    for (const edge of data.claims.edges) claims.push(edge.node);
    document.getElementById("status").textContent = `${claims.length} of ${data.claims.totalCount} claims`;
    if (!data.claims.pageInfo.hasNextPage) break;
    after = data.claims.pageInfo.endCursor;
  }
  return claims;
}

function when(c) {
  const t = c.eventTime && c.eventTime.start ? c.eventTime : c.statedAt;
  if (!t || !t.start) return null;
  return { start: new Date(t.start), end: new Date(t.end || t.start), expression: t.expression || "" };
}

function collapse(claims) {
  const seen = new Map();
  const out = [];
  for (const c of claims) {
    if (!c.group) { out.push(c); continue; }
    if (!seen.has(c.group.id)) { seen.set(c.group.id, { ...c, groupCount: c.group.size }); out.push(seen.get(c.group.id)); }
  }
  return out;
}

// One listener per kind of event on the whole chart (not three per mark): 10,000 marks stay responsive.
const byId = new Map();
function markOf(ev) { const m = ev.target.closest && ev.target.closest(".claim"); return m && byId.get(m.dataset.claim) ? m : null; }
function wireChart() {
  const svg = document.getElementById("svg");
  const tip = document.getElementById("tip");
  svg.addEventListener("mousemove", (ev) => {
    const mark = markOf(ev);
    if (!mark) { tip.style.display = "none"; return; }
    tip.textContent = byId.get(mark.dataset.claim).text;
    tip.dir = "auto";
    tip.style.display = "block"; tip.style.left = `${ev.clientX + 12}px`; tip.style.top = `${ev.clientY + 12}px`;
  });
  svg.addEventListener("mouseleave", () => { tip.style.display = "none"; });
  svg.addEventListener("click", (ev) => { const mark = markOf(ev); if (mark) select(byId.get(mark.dataset.claim), mark); });
}

function draw(claims) {
  const started = performance.now();
  const svg = document.getElementById("svg");
  svg.replaceChildren();
  byId.clear();
  const out = document.createDocumentFragment();
  const lanesBy = document.getElementById("lanes").value;
  const colourBy = document.getElementById("colour").value;
  const placed = claims.map((c) => ({ c, t: when(c) })).filter((x) => x.t);
  const laneOf = (c) => lanesBy === "claimant" ? [(c.claimant && c.claimant.name) || "unattributed"]
    : (c.entities.length ? c.entities.map((e) => e.name) : ["(none)"]);
  const lanes = [...new Set(placed.flatMap((x) => laneOf(x.c)))].sort();
  const colours = new Map();
  const colour = (c) => {
    if (colourBy === "stance") return STANCE[c.stance] || "#495057";
    if (!colours.has(c.language)) colours.set(c.language, PALETTE[colours.size % PALETTE.length]);
    return colours.get(c.language);
  };
  const lo = placed.reduce((m, x) => Math.min(m, x.t.start.getTime()), Infinity);
  const hi = placed.reduce((m, x) => Math.max(m, x.t.end.getTime()), -Infinity);
  const label = 210, width = Math.max(900, document.getElementById("chart").clientWidth - 20);
  const x = (t) => label + ((t - lo) / Math.max(hi - lo, 864e5)) * (width - label - 20);
  // stack marks that would overlap into rows inside their lane
  const rowH = 20, top = 30;
  const rows = new Map(lanes.map((name) => [name, []]));  // lane -> [rightmost x of each row]
  const marks = [];
  for (const { c, t } of placed.sort((a, b) => a.t.start - b.t.start)) {
    for (const laneName of laneOf(c)) {
      const x0 = x(t.start), days = (t.end - t.start) / 864e5;
      const x1 = days > 1 ? Math.max(x0 + 4, x(t.end)) : x0 + 12;
      const ends = rows.get(laneName);
      let row = ends.findIndex((end) => end < x0 - 2);
      if (row < 0) { row = ends.length; ends.push(0); }
      ends[row] = x1;
      marks.push({ c, t, laneName, row, x0, x1, days });
    }
  }
  const laneTop = new Map();
  let y0 = top;
  for (const name of lanes) { laneTop.set(name, y0); y0 += Math.max(1, rows.get(name).length) * rowH + 10; }
  const height = y0 + 10;
  svg.setAttribute("width", width); svg.setAttribute("height", Math.max(height, 80));
  for (let i = 0; i <= 6; i++) {
    const t = lo + ((hi - lo) * i) / 6;
    out.append(el("line", { class: "axis", x1: x(t), x2: x(t), y1: 18, y2: height }));
    out.append(el("text", { class: "tick", x: x(t) + 2, y: 14 }, new Date(t).toISOString().slice(0, 10)));
  }
  for (const name of lanes) {
    const h = Math.max(1, rows.get(name).length) * rowH + 6;
    out.append(el("rect", { class: "lane", x: 0, y: laneTop.get(name) - 3, width, height: h }));
    out.append(el("text", { class: "lane-label", x: 6, y: laneTop.get(name) + 13 }, name.slice(0, 30)));
  }
  for (const { c, t, laneName, row, x0, x1, days } of marks) {
    const y = laneTop.get(laneName) + row * rowH;
    const mark = days > 1
      ? el("rect", { class: "claim range", x: x0, y, width: x1 - x0, height: rowH - 6, rx: 3, fill: colour(c), "fill-opacity": 0.6 })
      : el("circle", { class: "claim point", cx: x0 + 6, cy: y + (rowH - 6) / 2, r: c.groupCount ? 8 : 6, fill: colour(c) });
    mark.dataset.claim = c.id;
    mark.dataset.quote = c.text;
    mark.append(el("title", {}, c.text));  // the quote, in its own language, on hover
    byId.set(c.id, c);
    out.append(mark);
    if (c.groupCount) out.append(el("text", { x: x0 + 3, y: y + 11, fill: "#fff", "font-size": 10 }, String(c.groupCount)));
    if (t.expression && days > 1) out.append(el("text", { x: x0 + 4, y: y + 11, fill: "#1d2330", "font-size": 10 }, t.expression.slice(0, 60)));
  }
  svg.append(out);
  document.body.dataset.marks = String(marks.length);
  document.body.dataset.drawMs = String(Math.round(performance.now() - started));
  const legend = document.getElementById("legend");
  legend.replaceChildren();
  const entries = colourBy === "stance" ? Object.entries(STANCE) : [...colours.entries()];
  for (const [name, hex] of entries) {
    const span = document.createElement("span");
    const dot = document.createElement("i"); dot.style.background = hex;
    span.append(dot, document.createTextNode(name));
    legend.append(span);
  }
}

async function select(c, mark) {
  document.querySelectorAll(".claim.selected").forEach((m) => m.classList.remove("selected"));
  mark.classList.add("selected");
  const panel = document.getElementById("details");
  panel.replaceChildren();
  const h = document.createElement("h2"); h.textContent = (c.claimant && c.claimant.name) || "unattributed";
  const quote = document.createElement("p"); quote.id = "quote"; quote.dir = "auto"; quote.textContent = c.text;
  const meta = document.createElement("p"); meta.className = "meta";
  const t = when(c);
  meta.textContent = `${c.article.outlet || "outlet unknown"} · ${c.language} · ${t ? t.start.toISOString().slice(0, 10) : ""} ${t ? t.expression : ""} · ${c.stance}`;
  panel.append(h, quote, meta);
  if (c.article.url && /^https?:\/\//.test(c.article.url)) {
    const a = document.createElement("a"); a.href = c.article.url; a.rel = "noopener noreferrer"; a.target = "_blank";
    a.textContent = "open the source"; panel.append(a);
  } else {
    const s = document.createElement("p"); s.className = "meta"; s.textContent = `source: ${c.article.source}`; panel.append(s);
  }
  const data = await gql(ARTICLE, { id: c.article.id });
  const text = data.article.text;
  const body = document.createElement("div"); body.id = "article"; body.dir = "auto";
  const highlight = document.createElement("mark"); highlight.textContent = text.slice(c.span.start, c.span.end);
  body.append(document.createTextNode(text.slice(0, c.span.start)), highlight, document.createTextNode(text.slice(c.span.end)));
  panel.append(body);
  highlight.scrollIntoView({ block: "center" });
}

let loaded = [];

function redraw() {
  draw(document.getElementById("grouped").checked ? collapse(loaded) : loaded);
}

async function show() {
  const filter = {};
  const about = document.getElementById("about").value.trim();
  if (about) filter.about = about;
  if (document.getElementById("after").value) filter.after = document.getElementById("after").value;
  if (document.getElementById("before").value) filter.before = document.getElementById("before").value;
  try {
    loaded = await loadClaims(filter);
    redraw();
    document.body.dataset.ready = "true";
  } catch (err) {
    document.getElementById("status").textContent = `error: ${err.message}`;
  }
}

const params = new URLSearchParams(location.search);
if (params.has("about")) document.getElementById("about").value = params.get("about");  // "?about=": everything
document.getElementById("go").addEventListener("click", show);
// lanes, colours and grouping change the drawing, not the data: no new request
for (const id of ["lanes", "colour", "grouped"]) document.getElementById(id).addEventListener("change", redraw);
wireChart();
show();
