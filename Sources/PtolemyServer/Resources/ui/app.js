// The Ptolemy web UI: a query editor, a paged results table, a map of every geometry
// in the results (WKT, GML, GeoJSON) drawn as SVG, and EXPLAIN plans as trees.
// Plain JavaScript, no libraries, nothing fetched from elsewhere.
"use strict";

const GEO = "http://www.opengis.net/ont/geosparql#";
const GEOMETRY_DATATYPES = {
  [GEO + "wktLiteral"]: "wkt",
  [GEO + "gmlLiteral"]: "gml",
  [GEO + "geoJSONLiteral"]: "geojson",
};
const PREFIXES = {
  rdf: "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
  rdfs: "http://www.w3.org/2000/01/rdf-schema#",
  xsd: "http://www.w3.org/2001/XMLSchema#",
  owl: "http://www.w3.org/2002/07/owl#",
  geo: GEO,
  geof: "http://www.opengis.net/def/function/geosparql/",
  sf: "http://www.opengis.net/ont/sf#",
  sosa: "http://www.w3.org/ns/sosa/",
  eo: "https://w3id.org/ptolemy/ont/eo#",
  polar: "https://w3id.org/ptolemy/ont/polar#",
  fs: "https://w3id.org/ptolemy/ont/foodsec#",
  lucas: "https://w3id.org/ptolemy/ont/foodsec/lucas#",
  img: "https://w3id.org/ptolemy/demo/image/",
  obs: "https://w3id.org/ptolemy/demo/observation/",
  feat: "https://w3id.org/ptolemy/demo/feature/",
  geom: "https://w3id.org/ptolemy/demo/geometry/",
};
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b",
  "#e377c2", "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"];
const RAMP = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];
const SVG_NS = "http://www.w3.org/2000/svg";

const $ = (id) => document.getElementById(id);

/** Everything the page shows, from the last run. */
const state = {
  variables: [],
  rows: [],          // each row: { var: term } with term = {type, value, datatype?, "xml:lang"?}
  page: 0,
  pageSize: 50,
  features: [],      // { row, column, geometry } for the map
  selectedRow: null,
  view: null,        // the SVG viewBox {x, y, w, h}
  bounds: null,
};

// ---------------------------------------------------------------- terms

function shorten(iri) {
  for (const [prefix, ns] of Object.entries(PREFIXES)) {
    if (iri.startsWith(ns) && /^[A-Za-z_][\w.-]*$/.test(iri.slice(ns.length))) return prefix + ":" + iri.slice(ns.length);
  }
  return "<" + iri + ">";
}

function termText(term) {
  if (!term) return "";
  if (term.type === "uri") return shorten(term.value);
  if (term.type === "bnode") return "_:" + term.value;
  return term.value;
}

function renderTerm(term) {
  const span = document.createElement("span");
  if (!term) return span;
  if (term.type === "uri") {
    const a = document.createElement("a");
    a.href = term.value;
    a.target = "_blank";
    a.rel = "noopener";
    a.textContent = shorten(term.value);
    a.title = term.value;
    span.append(a);
  } else if (term.type === "bnode") {
    span.textContent = "_:" + term.value;
  } else {
    const kind = geometryKind(term);
    const text = document.createElement("span");
    text.textContent = term.value.length > 300 ? term.value.slice(0, 300) + "…" : term.value;
    if (kind) text.className = "geom-cell";
    span.append(text);
    if (term["xml:lang"]) {
      const lang = document.createElement("span");
      lang.className = "lang";
      lang.textContent = "@" + term["xml:lang"];
      span.append(lang);
    } else if (term.datatype && term.datatype !== PREFIXES.xsd + "string") {
      const dt = document.createElement("span");
      dt.className = "dt";
      dt.textContent = " ^^" + shorten(term.datatype);
      span.append(dt);
    }
  }
  return span;
}

/** "wkt", "gml" or "geojson" when a term holds a geometry. */
function geometryKind(term) {
  if (!term || (term.type !== "literal" && term.type !== "typed-literal")) return null;
  if (term.datatype && GEOMETRY_DATATYPES[term.datatype]) return GEOMETRY_DATATYPES[term.datatype];
  // Plain strings that are clearly WKT (e.g. from STR() or a CONCAT) count too.
  if (/^\s*(<[^>]*>\s*)?(POINT|LINESTRING|POLYGON|MULTIPOINT|MULTILINESTRING|MULTIPOLYGON|GEOMETRYCOLLECTION)\s*[ZM(]/i.test(term.value)) return "wkt";
  return null;
}

// ---------------------------------------------------------------- geometry parsing
// Every parser returns a list of parts: {kind: "point"|"line"|"polygon", coords} in
// longitude/latitude order (coords: [x,y] for a point, [[x,y]...] for a line, and
// [[[x,y]...] ...] rings for a polygon).

/** Whether a CRS IRI or srsName puts latitude first (EPSG:4326 and its URN/URL forms). */
function latitudeFirst(crs) {
  return /EPSG(\/0\/|::?|:)4326\b/i.test(crs || "") || /epsg\.xml#4326/i.test(crs || "");
}

function isWebMercator(crs) { return /EPSG(\/0\/|::?|:)(3857|900913)\b/i.test(crs || ""); }

function toLonLat(x, y, crs) {
  if (latitudeFirst(crs)) return [y, x];
  if (isWebMercator(crs)) {
    const R = 6378137;
    return [(x / R) * 180 / Math.PI, (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * 180 / Math.PI];
  }
  return [x, y];
}

function parseWKT(text) {
  let crs = null;
  let s = text.trim();
  const m = /^<([^>]*)>\s*/.exec(s);
  if (m) { crs = m[1]; s = s.slice(m[0].length); }
  let i = 0;
  const skip = () => { while (i < s.length && /\s/.test(s[i])) i++; };
  const word = () => { skip(); const w = /^[A-Za-z]+/.exec(s.slice(i)); if (!w) throw new Error("WKT: expected a word at " + i); i += w[0].length; return w[0].toUpperCase(); };
  const peek = () => { skip(); return s[i]; };
  const expect = (c) => { skip(); if (s[i] !== c) throw new Error("WKT: expected '" + c + "' at " + i); i++; };
  const number = () => { skip(); const n = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?/.exec(s.slice(i)); if (!n) throw new Error("WKT: expected a number at " + i); i += n[0].length; return parseFloat(n[0]); };
  const point = () => { const x = number(), y = number(); while (/[-+\d.]/.test(peek() || "")) number(); return toLonLat(x, y, crs); };
  const pointList = () => { expect("("); const pts = [parenPoint()]; while (peek() === ",") { i++; pts.push(parenPoint()); } expect(")"); return pts; };
  // MULTIPOINT allows both ((1 2), (3 4)) and (1 2, 3 4).
  const parenPoint = () => { if (peek() === "(") { i++; const p = point(); expect(")"); return p; } return point(); };
  const ringList = () => { expect("("); const rings = [pointList()]; while (peek() === ",") { i++; rings.push(pointList()); } expect(")"); return rings; };
  const empty = () => { skip(); if (/^EMPTY/i.test(s.slice(i))) { i += 5; return true; } return false; };
  function geometry() {
    let type = word();
    skip();
    while (/^(Z|M|ZM)\b/i.test(s.slice(i))) { word(); skip(); }
    if (empty()) return [];
    switch (type) {
      case "POINT": { expect("("); const p = point(); expect(")"); return [{ kind: "point", coords: p }]; }
      case "LINESTRING": return [{ kind: "line", coords: pointList() }];
      case "POLYGON": return [{ kind: "polygon", coords: ringList() }];
      case "MULTIPOINT": return pointList().map((p) => ({ kind: "point", coords: p }));
      case "MULTILINESTRING": { expect("("); const out = [{ kind: "line", coords: pointList() }]; while (peek() === ",") { i++; out.push({ kind: "line", coords: pointList() }); } expect(")"); return out; }
      case "MULTIPOLYGON": { expect("("); const out = [{ kind: "polygon", coords: ringList() }]; while (peek() === ",") { i++; out.push({ kind: "polygon", coords: ringList() }); } expect(")"); return out; }
      case "GEOMETRYCOLLECTION": { expect("("); let out = geometry(); while (peek() === ",") { i++; out = out.concat(geometry()); } expect(")"); return out; }
      default: throw new Error("WKT: unknown geometry type " + type);
    }
  }
  return geometry();
}

function parseGeoJSON(text) {
  const parts = [];
  const walk = (g) => {
    if (!g) return;
    switch (g.type) {
      case "Point": parts.push({ kind: "point", coords: g.coordinates.slice(0, 2) }); break;
      case "MultiPoint": g.coordinates.forEach((c) => parts.push({ kind: "point", coords: c.slice(0, 2) })); break;
      case "LineString": parts.push({ kind: "line", coords: g.coordinates }); break;
      case "MultiLineString": g.coordinates.forEach((c) => parts.push({ kind: "line", coords: c })); break;
      case "Polygon": parts.push({ kind: "polygon", coords: g.coordinates }); break;
      case "MultiPolygon": g.coordinates.forEach((c) => parts.push({ kind: "polygon", coords: c })); break;
      case "GeometryCollection": g.geometries.forEach(walk); break;
      case "Feature": walk(g.geometry); break;
      case "FeatureCollection": g.features.forEach(walk); break;
      default: throw new Error("GeoJSON: unknown type " + g.type);
    }
  };
  walk(JSON.parse(text));
  return parts;
}

function parseGML(text) {
  const parser = new DOMParser();
  let doc = parser.parseFromString(text, "application/xml");
  if (doc.getElementsByTagName("parsererror").length) {
    // Literals often leave the gml prefix undeclared: declare it around them.
    doc = parser.parseFromString('<wrap xmlns:gml="http://www.opengis.net/gml/3.2">' + text + "</wrap>", "application/xml");
    if (doc.getElementsByTagName("parsererror").length) throw new Error("GML: not well-formed XML");
  }
  const parts = [];
  const byName = (el, name) => Array.from(el.getElementsByTagNameNS("*", name));
  const srsOf = (el) => { for (let e = el; e && e.getAttribute; e = e.parentNode) { const s = e.getAttribute("srsName"); if (s) return s; } return null; };
  const numbers = (s) => s.trim().split(/[\s,]+/).filter((t) => t.length).map(Number);
  const positions = (el) => {
    const srs = srsOf(el);
    const dim = Number(el.getAttribute("srsDimension") || (el.closest && el.closest("[srsDimension]")?.getAttribute("srsDimension")) || 2);
    const list = byName(el, "posList")[0];
    let values = [];
    if (list) values = numbers(list.textContent);
    else {
      const pos = byName(el, "pos");
      if (pos.length) pos.forEach((p) => { values.push(...numbers(p.textContent).slice(0, 2)); });
      else { const c = byName(el, "coordinates")[0]; if (c) values = numbers(c.textContent); }
    }
    const step = list ? dim : 2;
    const out = [];
    for (let k = 0; k + 1 < values.length; k += step) out.push(toLonLat(values[k], values[k + 1], srs));
    return out;
  };
  const root = doc.documentElement;
  const visit = (el) => {
    switch (el.localName) {
      case "Point": { const p = positions(el)[0]; if (p) parts.push({ kind: "point", coords: p }); return; }
      case "LineString": case "LinearRing": parts.push({ kind: "line", coords: positions(el) }); return;
      case "Polygon": {
        const rings = [];
        for (const boundary of Array.from(el.children)) {
          if (boundary.localName === "exterior" || boundary.localName === "interior" ||
              boundary.localName === "outerBoundaryIs" || boundary.localName === "innerBoundaryIs") rings.push(positions(boundary));
        }
        parts.push({ kind: "polygon", coords: rings });
        return;
      }
      default: for (const child of Array.from(el.children)) visit(child);
    }
  };
  visit(root);
  return parts;
}

function parseGeometry(kind, text) {
  if (kind === "wkt") return parseWKT(text);
  if (kind === "geojson") return parseGeoJSON(text);
  return parseGML(text);
}

// ---------------------------------------------------------------- running queries

function isUpdate(text) {
  const body = text.split("\n").filter((l) => !/^\s*#/.test(l)).join("\n");
  return /^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b/i.test(body);
}

function isGraphQuery(text) {
  const body = text.split("\n").filter((l) => !/^\s*#/.test(l)).join("\n");
  return /^\s*(?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s+<[^>]*>)\s*)*(CONSTRUCT|DESCRIBE)\b/i.test(body);
}

function setStatus(text, isError) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("error", !!isError);
}

async function errorText(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    return body.message || text;
  } catch { return text || response.status + " " + response.statusText; }
}

async function run(explain) {
  const text = $("query").value;
  const update = isUpdate(text);
  $("token-label").hidden = !update;
  const params = new URLSearchParams();
  params.set(update ? "update" : "query", text);
  const timeout = $("timeout").value;
  if (timeout && !update) params.set("timeout", timeout);
  if (explain) params.set("explain", "true");
  const headers = { "Content-Type": "application/x-www-form-urlencoded" };
  const graph = !update && isGraphQuery(text);
  headers.Accept = explain ? "application/json" : graph ? "application/n-triples" : "application/sparql-results+json";
  if (update) {
    const token = $("token").value.trim();
    if (token) headers.Authorization = "Bearer " + token;
  }
  setStatus("running…");
  $("run").disabled = $("explain").disabled = true;
  const started = performance.now();
  try {
    const response = await fetch("/sparql", { method: "POST", headers, body: params });
    const elapsed = Math.round(performance.now() - started);
    if (!response.ok) {
      if (response.status === 401 || response.status === 403) $("token-label").hidden = false;
      setStatus(response.status + ": " + (await errorText(response)), true);
      return;
    }
    const body = await response.text();
    $("raw").textContent = body.length > 2_000_000 ? body.slice(0, 2_000_000) + "\n… (cut)" : body;
    if (update) {
      const report = JSON.parse(body);
      setStatus(`update done in ${elapsed} ms: ${report.inserted} inserted, ${report.deleted} deleted`);
      refreshStatus();
      return;
    }
    if (explain) {
      const plan = JSON.parse(body);
      showExplain(plan);
      showTab("explain");
      setStatus(`${plan.rows} rows, plan below (${elapsed} ms)`);
      return;
    }
    if (graph) {
      showResults(["subject", "predicate", "object"], parseNTriples(body));
    } else {
      const json = JSON.parse(body);
      if ("boolean" in json) {
        showResults(["boolean"], [{ boolean: { type: "literal", value: String(json.boolean), datatype: PREFIXES.xsd + "boolean" } }]);
      } else {
        showResults(json.head.vars || [], json.results.bindings || []);
      }
    }
    setStatus(`${state.rows.length} ${state.rows.length === 1 ? "row" : "rows"} in ${elapsed} ms` +
      (state.features.length ? `, ${state.features.length} on the map` : ""));
  } catch (e) {
    setStatus("failed: " + e.message, true);
  } finally {
    $("run").disabled = $("explain").disabled = false;
  }
}

/** N-Triples (as CONSTRUCT and DESCRIBE answer for the UI) into rows of subject/predicate/object. */
function parseNTriples(text) {
  const rows = [];
  const term = /\s*(<[^>]*>|_:[^\s]+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^>]*>)?)/y;
  const unescape = (s) => s.replace(/\\(u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)/g, (_, e) => {
    if (e[0] === "u" || e[0] === "U") return String.fromCodePoint(parseInt(e.slice(1), 16));
    return { t: "\t", n: "\n", r: "\r", b: "\b", f: "\f", '"': '"', "'": "'", "\\": "\\" }[e] ?? e;
  });
  const toTerm = (t) => {
    if (t.startsWith("<")) return { type: "uri", value: t.slice(1, -1) };
    if (t.startsWith("_:")) return { type: "bnode", value: t.slice(2) };
    const m = /^"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^>]*)>)?$/.exec(t);
    const out = { type: "literal", value: unescape(m[1]) };
    if (m[2]) out["xml:lang"] = m[2];
    if (m[3]) out.datatype = m[3];
    return out;
  };
  for (const line of text.split("\n")) {
    if (!line.trim() || line.trim().startsWith("#")) continue;
    term.lastIndex = 0;
    const parts = [];
    for (let k = 0; k < 3; k++) {
      const m = term.exec(line);
      if (!m) break;
      parts.push(toTerm(m[1]));
    }
    if (parts.length === 3) rows.push({ subject: parts[0], predicate: parts[1], object: parts[2] });
  }
  return rows;
}

// ---------------------------------------------------------------- table

function showResults(variables, rows) {
  state.variables = variables;
  state.rows = rows;
  state.page = 0;
  state.selectedRow = null;
  const colour = $("colour-by");
  const previous = colour.value;
  colour.innerHTML = '<option value="">— none —</option>';
  for (const v of variables) {
    const option = document.createElement("option");
    option.value = v;
    option.textContent = "?" + v;
    colour.append(option);
  }
  // An example can name its colouring in a comment: "colour the map by ?cropType".
  const hint = /colou?r (?:the map )?by \?(\w+)/i.exec($("query").value);
  if (hint && variables.includes(hint[1])) colour.value = hint[1];
  else if (variables.includes(previous)) colour.value = previous;
  renderTable();
  collectFeatures();
  drawMap(true);
}

function renderTable() {
  const head = $("results").tHead, body = $("results").tBodies[0];
  head.innerHTML = "";
  body.innerHTML = "";
  const tr = document.createElement("tr");
  tr.append(Object.assign(document.createElement("th"), { textContent: "#" }));
  for (const v of state.variables) tr.append(Object.assign(document.createElement("th"), { textContent: "?" + v }));
  head.append(tr);
  const pages = Math.max(1, Math.ceil(state.rows.length / state.pageSize));
  state.page = Math.min(state.page, pages - 1);
  const start = state.page * state.pageSize;
  const end = Math.min(state.rows.length, start + state.pageSize);
  for (let r = start; r < end; r++) {
    const row = document.createElement("tr");
    row.dataset.row = r;
    if (r === state.selectedRow) row.className = "selected";
    row.append(Object.assign(document.createElement("td"), { textContent: r + 1, className: "index" }));
    for (const v of state.variables) {
      const td = document.createElement("td");
      td.append(renderTerm(state.rows[r][v]));
      row.append(td);
    }
    row.addEventListener("click", (e) => { if (e.target.tagName !== "A") selectRow(r, false); });
    body.append(row);
  }
  $("page-info").textContent = state.rows.length
    ? `rows ${start + 1}–${end} of ${state.rows.length} (page ${state.page + 1} of ${pages})`
    : "no rows";
  $("first-page").disabled = $("prev-page").disabled = state.page === 0;
  $("next-page").disabled = $("last-page").disabled = state.page >= pages - 1;
}

function goToPage(page) {
  const pages = Math.max(1, Math.ceil(state.rows.length / state.pageSize));
  state.page = Math.max(0, Math.min(pages - 1, page));
  renderTable();
}

function selectRow(r, fromMap) {
  state.selectedRow = r;
  if (fromMap) state.page = Math.floor(r / state.pageSize);
  renderTable();
  for (const el of document.querySelectorAll("#map-shapes .selected")) el.classList.remove("selected");
  for (const el of document.querySelectorAll(`#map-shapes [data-row="${r}"]`)) { el.classList.add("selected"); el.parentNode.append(el); }
  showFeatureInfo(r);
}

// ---------------------------------------------------------------- map

function collectFeatures() {
  state.features = [];
  let failed = 0;
  state.rows.forEach((row, r) => {
    for (const v of state.variables) {
      const kind = geometryKind(row[v]);
      if (!kind) continue;
      try {
        const parts = parseGeometry(kind, row[v].value);
        if (parts.length) state.features.push({ row: r, column: v, parts });
      } catch (e) { failed++; }
    }
  });
  state.failedGeometries = failed;
}

/** Longitude/latitude to map units: equirectangular, scaled for the middle latitude. */
function projector(bounds) {
  const midLat = (bounds.minY + bounds.maxY) / 2;
  const k = Math.max(0.05, Math.cos(midLat * Math.PI / 180));
  return ([lon, lat]) => [lon * k, -lat];
}

function computeBounds() {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const add = ([x, y]) => { if (x < minX) minX = x; if (x > maxX) maxX = x; if (y < minY) minY = y; if (y > maxY) maxY = y; };
  for (const f of state.features) for (const part of f.parts) {
    if (part.kind === "point") add(part.coords);
    else if (part.kind === "line") part.coords.forEach(add);
    else part.coords.forEach((ring) => ring.forEach(add));
  }
  return isFinite(minX) ? { minX, minY, maxX, maxY } : null;
}

function colourScale() {
  const column = $("colour-by").value;
  if (!column) return { colour: () => PALETTE[0], legend: null };
  const values = state.features.map((f) => state.rows[f.row][column]);
  const numbers = values.map((t) => (t && t.type !== "uri" && t.type !== "bnode" && t.value.trim() !== "" ? Number(t.value) : NaN));
  if (numbers.length && numbers.every((n) => !isNaN(n))) {
    const min = Math.min(...numbers), max = Math.max(...numbers);
    const colour = (f) => {
      const t = state.rows[f.row][column];
      const n = t ? Number(t.value) : NaN;
      if (isNaN(n)) return "#999";
      return rampColour(max > min ? (n - min) / (max - min) : 0.5);
    };
    return { colour, legend: { kind: "ramp", min, max, column } };
  }
  const categories = new Map();
  for (const t of values) {
    const key = termText(t);
    categories.set(key, (categories.get(key) || 0) + 1);
  }
  const ordered = [...categories.entries()].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
  const index = new Map(ordered.map((k, i) => [k, i]));
  const colour = (f) => {
    const i = index.get(termText(state.rows[f.row][column]));
    return i < PALETTE.length ? PALETTE[i] : "#999";
  };
  return { colour, legend: { kind: "categories", entries: ordered, column } };
}

function rampColour(t) {
  const x = Math.max(0, Math.min(1, t)) * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(x));
  const f = x - i;
  const a = RAMP[i], b = RAMP[i + 1];
  const channel = (k) => Math.round(parseInt(a.slice(k, k + 2), 16) * (1 - f) + parseInt(b.slice(k, k + 2), 16) * f);
  return "#" + [1, 3, 5].map((k) => channel(k).toString(16).padStart(2, "0")).join("");
}

function drawMap(fit) {
  const svg = $("map"), layer = $("map-shapes");
  layer.innerHTML = "";
  const bounds = computeBounds();
  state.bounds = bounds;
  svg.dataset.geometries = String(state.features.length);
  $("map-info").textContent = state.features.length
    ? `${state.features.length} ${state.features.length === 1 ? "geometry" : "geometries"}` +
      (state.failedGeometries ? `, ${state.failedGeometries} unreadable` : "")
    : "no geometries in the results";
  if (!bounds) { $("map-grid").innerHTML = ""; $("legend").innerHTML = ""; return; }
  const project = projector(bounds);
  const { colour, legend } = colourScale();
  const path = (points, close) => points.map((p, i) => (i ? "L" : "M") + project(p).map((c) => +c.toFixed(6)).join(" ")).join("") + (close ? "Z" : "");
  // Polygons first, then lines, then points, so that small things stay clickable.
  const order = { polygon: 0, line: 1, point: 2 };
  const parts = [];
  for (const f of state.features) for (const part of f.parts) parts.push({ f, part });
  parts.sort((a, b) => order[a.part.kind] - order[b.part.kind]);
  for (const { f, part } of parts) {
    let el;
    const c = colour(f);
    if (part.kind === "point") {
      el = document.createElementNS(SVG_NS, "circle");
      const [x, y] = project(part.coords);
      el.setAttribute("cx", x);
      el.setAttribute("cy", y);
      el.setAttribute("fill", c);
      el.setAttribute("stroke", "#fff");
    } else {
      el = document.createElementNS(SVG_NS, "path");
      if (part.kind === "line") {
        el.setAttribute("d", path(part.coords, false));
        el.setAttribute("stroke", c);
        el.classList.add("line");
      } else {
        el.setAttribute("d", part.coords.map((ring) => path(ring, true)).join(""));
        el.setAttribute("fill-rule", "evenodd");
        el.setAttribute("fill", c);
        el.setAttribute("stroke", c);
      }
    }
    el.classList.add("shape");
    el.dataset.row = f.row;
    const title = document.createElementNS(SVG_NS, "title");
    title.textContent = `row ${f.row + 1}: ?${f.column}`;
    el.append(title);
    el.addEventListener("click", (e) => { e.stopPropagation(); if (!state.justDragged) selectRow(f.row, true); });
    if (f.row === state.selectedRow) el.classList.add("selected");
    layer.append(el);
  }
  drawLegend(legend);
  if (fit || !state.view) fitView();
  else applyView();
}

function drawLegend(legend) {
  const box = $("legend");
  box.innerHTML = "";
  if (!legend) return;
  const title = document.createElement("div");
  title.innerHTML = "<b></b>";
  title.firstChild.textContent = "?" + legend.column;
  box.append(title);
  if (legend.kind === "ramp") {
    const ramp = document.createElement("div");
    ramp.className = "ramp";
    ramp.style.background = `linear-gradient(to right, ${RAMP.join(", ")})`;
    box.append(ramp);
    const range = document.createElement("div");
    range.textContent = `${legend.min} … ${legend.max}`;
    box.append(range);
    return;
  }
  legend.entries.slice(0, PALETTE.length).forEach((entry, i) => {
    const line = document.createElement("div");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.style.background = PALETTE[i];
    line.append(swatch, document.createTextNode(entry || "(unbound)"));
    box.append(line);
  });
  if (legend.entries.length > PALETTE.length) {
    const more = document.createElement("div");
    more.className = "muted";
    more.textContent = `+ ${legend.entries.length - PALETTE.length} more (grey)`;
    box.append(more);
  }
}

function fitView() {
  if (!state.bounds) return;
  const project = projector(state.bounds);
  const [x0, y0] = project([state.bounds.minX, state.bounds.maxY]);
  const [x1, y1] = project([state.bounds.maxX, state.bounds.minY]);
  let w = Math.max(x1 - x0, 1e-6), h = Math.max(y1 - y0, 1e-6);
  // A single point (or a very thin extent) gets a sensible frame around it.
  if (w < 1e-4 && h < 1e-4) { w = h = 0.02; }
  const pad = 0.08;
  state.view = { x: x0 - w * pad, y: y0 - h * pad, w: w * (1 + 2 * pad), h: h * (1 + 2 * pad) };
  applyView();
}

function applyView() {
  const svg = $("map");
  const v = state.view;
  if (!v) return;
  // Keep the aspect ratio of the element, so that pixels are square.
  const rect = svg.getBoundingClientRect();
  const aspect = rect.width > 0 && rect.height > 0 ? rect.width / rect.height : 1.6;
  let { x, y, w, h } = v;
  if (w / h > aspect) { const nh = w / aspect; y -= (nh - h) / 2; h = nh; } else { const nw = h * aspect; x -= (nw - w) / 2; w = nw; }
  state.view = { x, y, w, h };
  svg.setAttribute("viewBox", `${x} ${y} ${w} ${h}`);
  const unitsPerPixel = rect.width > 0 ? w / rect.width : w / 800;
  for (const c of document.querySelectorAll("#map-shapes circle")) c.setAttribute("r", 5 * unitsPerPixel);
  for (const c of document.querySelectorAll("#map-shapes circle")) c.setAttribute("stroke-width", 1);
  drawGrid(unitsPerPixel);
}

/** Meridians and parallels at a round spacing, with their degrees. */
function drawGrid(unitsPerPixel) {
  const grid = $("map-grid");
  grid.innerHTML = "";
  if (!state.bounds || !state.view) return;
  const midLat = (state.bounds.minY + state.bounds.maxY) / 2;
  const k = Math.max(0.05, Math.cos(midLat * Math.PI / 180));
  const v = state.view;
  const lonMin = v.x / k, lonMax = (v.x + v.w) / k, latMax = -v.y, latMin = -(v.y + v.h);
  const spacing = (span) => { const raw = span / 6; const p = Math.pow(10, Math.floor(Math.log10(raw))); return [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw); };
  const dLon = spacing(lonMax - lonMin), dLat = spacing(latMax - latMin);
  const fmt = (n, d) => (+n.toFixed(Math.max(0, -Math.floor(Math.log10(d))))) + "°";
  const fontSize = 10 * unitsPerPixel;
  for (let lon = Math.ceil(lonMin / dLon) * dLon; lon <= lonMax; lon += dLon) {
    const line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("x1", lon * k); line.setAttribute("x2", lon * k);
    line.setAttribute("y1", v.y); line.setAttribute("y2", v.y + v.h);
    const label = document.createElementNS(SVG_NS, "text");
    label.setAttribute("x", lon * k + 3 * unitsPerPixel); label.setAttribute("y", v.y + v.h - 4 * unitsPerPixel);
    label.setAttribute("font-size", fontSize);
    label.textContent = fmt(lon, dLon);
    grid.append(line, label);
  }
  for (let lat = Math.ceil(latMin / dLat) * dLat; lat <= latMax; lat += dLat) {
    const line = document.createElementNS(SVG_NS, "line");
    line.setAttribute("x1", v.x); line.setAttribute("x2", v.x + v.w);
    line.setAttribute("y1", -lat); line.setAttribute("y2", -lat);
    const label = document.createElementNS(SVG_NS, "text");
    label.setAttribute("x", v.x + 4 * unitsPerPixel); label.setAttribute("y", -lat - 3 * unitsPerPixel);
    label.setAttribute("font-size", fontSize);
    label.textContent = fmt(lat, dLat);
    grid.append(line, label);
  }
}

function zoom(factor, cx, cy) {
  const v = state.view;
  if (!v) return;
  const px = cx ?? v.x + v.w / 2, py = cy ?? v.y + v.h / 2;
  state.view = { x: px - (px - v.x) * factor, y: py - (py - v.y) * factor, w: v.w * factor, h: v.h * factor };
  applyView();
}

function installMapControls() {
  const svg = $("map");
  const toUnits = (e) => {
    const rect = svg.getBoundingClientRect(), v = state.view;
    return [v.x + (e.clientX - rect.left) / rect.width * v.w, v.y + (e.clientY - rect.top) / rect.height * v.h];
  };
  svg.addEventListener("wheel", (e) => {
    if (!state.view) return;
    e.preventDefault();
    const [cx, cy] = toUnits(e);
    zoom(Math.exp(e.deltaY * 0.0015), cx, cy);
  }, { passive: false });
  let drag = null;
  svg.addEventListener("pointerdown", (e) => {
    if (!state.view || e.button !== 0) return;
    drag = { x: e.clientX, y: e.clientY, view: { ...state.view }, moved: false };
  });
  svg.addEventListener("pointermove", (e) => {
    if (!drag) return;
    if (!drag.moved) {
      // A press that does not move is a click (on a shape): capture only real drags.
      if (Math.abs(e.clientX - drag.x) + Math.abs(e.clientY - drag.y) <= 3) return;
      drag.moved = true;
      svg.classList.add("dragging");
      svg.setPointerCapture(e.pointerId);
    }
    const rect = svg.getBoundingClientRect();
    const dx = (e.clientX - drag.x) / rect.width * drag.view.w, dy = (e.clientY - drag.y) / rect.height * drag.view.h;
    state.view = { ...drag.view, x: drag.view.x - dx, y: drag.view.y - dy };
    applyView();
  });
  const end = () => {
    if (drag && drag.moved) { state.justDragged = true; setTimeout(() => { state.justDragged = false; }, 0); }
    drag = null;
    svg.classList.remove("dragging");
  };
  svg.addEventListener("pointerup", end);
  svg.addEventListener("pointercancel", end);
  $("zoom-in").addEventListener("click", () => zoom(1 / 1.5));
  $("zoom-out").addEventListener("click", () => zoom(1.5));
  $("zoom-fit").addEventListener("click", fitView);
  $("colour-by").addEventListener("change", () => drawMap(false));
  window.addEventListener("resize", () => applyView());
}

function showFeatureInfo(r) {
  const box = $("feature-info");
  const row = state.rows[r];
  if (!row) { box.hidden = true; return; }
  box.innerHTML = "";
  const close = Object.assign(document.createElement("button"), { className: "close", textContent: "×", title: "close" });
  close.addEventListener("click", () => { box.hidden = true; });
  const title = Object.assign(document.createElement("b"), { textContent: `row ${r + 1}` });
  const table = document.createElement("table");
  for (const v of state.variables) {
    const tr = document.createElement("tr");
    tr.append(Object.assign(document.createElement("th"), { textContent: "?" + v }));
    const td = document.createElement("td");
    td.append(renderTerm(row[v]));
    tr.append(td);
    table.append(tr);
  }
  box.append(close, title, table);
  box.hidden = false;
}

// ---------------------------------------------------------------- explain

function showExplain(plan) {
  const container = $("explain-tree");
  container.innerHTML = "";
  $("explain-note").textContent = `${plan.rows} rows in ${plan.milliseconds.toFixed(1)} ms. Estimated against actual rows for each operator; a large gap is highlighted.`;
  const build = (node) => {
    const li = document.createElement("li");
    const op = document.createElement("span");
    op.className = "op";
    const est = node.estimatedRows;
    const known = est !== null && est !== undefined;
    const off = known && ((node.actualRows + 1) / (est + 1) > 10 || (est + 1) / (node.actualRows + 1) > 10);
    if (off) op.classList.add("off");
    const name = Object.assign(document.createElement("span"), { className: "name", textContent: node.name });
    const details = Object.assign(document.createElement("span"), { className: "details", textContent: node.details });
    const rows = Object.assign(document.createElement("span"), {
      className: "rows",
      textContent: `estimated ${est === null || est === undefined ? "?" : Math.round(est)} · actual ${node.actualRows}` +
        (node.milliseconds ? ` · ${node.milliseconds.toFixed(2)} ms` : ""),
    });
    op.append(name, details, rows);
    li.append(op);
    if (node.children && node.children.length) {
      const ul = document.createElement("ul");
      node.children.forEach((c) => ul.append(build(c)));
      li.append(ul);
    }
    return li;
  };
  const ul = document.createElement("ul");
  ul.append(build(plan.plan));
  container.append(ul);
}

// ---------------------------------------------------------------- page

function showTab(name) {
  for (const button of document.querySelectorAll(".tabs button")) button.setAttribute("aria-selected", String(button.dataset.tab === name));
  for (const tab of document.querySelectorAll(".tab")) tab.hidden = tab.id !== "tab-" + name;
  if (name === "map") applyView();
}

async function refreshStatus() {
  try {
    const response = await fetch("/health");
    const health = await response.json();
    $("store-status").textContent = `${health.quads.toLocaleString()} quads · ${health.namedGraphs} named graphs` + (health.readOnly ? " · read-only" : "");
  } catch { $("store-status").textContent = "server not reachable"; }
}

async function loadExamples() {
  const select = $("examples");
  let examples = [];
  try { examples = await (await fetch("/ui/examples")).json(); } catch { examples = []; }
  for (const example of examples) {
    const option = document.createElement("option");
    option.value = example.name;
    option.textContent = example.title;
    select.append(option);
  }
  select.addEventListener("change", () => {
    const example = examples.find((e) => e.name === select.value);
    if (example) { $("query").value = example.query; $("token-label").hidden = !isUpdate(example.query); }
  });
  return examples;
}

async function start() {
  for (const button of document.querySelectorAll(".tabs button")) button.addEventListener("click", () => showTab(button.dataset.tab));
  $("run").addEventListener("click", () => run(false));
  $("explain").addEventListener("click", () => run(true));
  $("query").addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(false); }
  });
  $("query").addEventListener("input", () => { $("token-label").hidden = !isUpdate($("query").value); });
  $("first-page").addEventListener("click", () => goToPage(0));
  $("prev-page").addEventListener("click", () => goToPage(state.page - 1));
  $("next-page").addEventListener("click", () => goToPage(state.page + 1));
  $("last-page").addEventListener("click", () => goToPage(Infinity));
  $("page-size").addEventListener("change", () => { state.pageSize = Number($("page-size").value); goToPage(0); });
  $("token").value = sessionStorage.getItem("ptolemy-token") || "";
  $("token").addEventListener("change", () => sessionStorage.setItem("ptolemy-token", $("token").value));
  installMapControls();
  refreshStatus();
  const examples = await loadExamples();
  // Links can open an example, run it and show a tab: /?example=NAME&run=1&tab=map
  const params = new URLSearchParams(location.search);
  const wanted = params.get("example");
  if (wanted && examples.some((e) => e.name === wanted)) {
    $("examples").value = wanted;
    $("examples").dispatchEvent(new Event("change"));
  }
  if (params.get("tab")) showTab(params.get("tab"));
  if (params.get("run")) await run(false);
  document.body.dataset.ready = "true";
}

start();
