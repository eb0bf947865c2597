// Vigil backtest report: renders the inlined data with uPlot. No network access.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("report-data").textContent);
  const SEVERITY_ORDER = { INFO: 0, LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
  const SEVERITY_COLOR = {
    CRITICAL: "rgba(185,28,28,0.22)", HIGH: "rgba(234,88,12,0.20)",
    MEDIUM: "rgba(202,138,4,0.20)", LOW: "rgba(37,99,235,0.16)", INFO: "rgba(100,116,139,0.16)"
  };
  const charts = [];

  const el = (tag, attrs, text) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  };
  const iso = (ms) => new Date(ms).toISOString().replace("T", " ").replace(/:\d\d\.\d+Z$/, " UTC");
  const num = (v, d) => Number(v).toLocaleString("en-US", { maximumFractionDigits: d === undefined ? 2 : d });
  const usd = (v) => "$" + num(v, v < 1 ? 4 : 2);
  const bytes = (v) => {
    const u = ["B", "KB", "MB", "GB", "TB"];
    let i = 0;
    while (Math.abs(v) >= 1024 && i < u.length - 1) { v /= 1024; i++; }
    return num(v, 1) + " " + u[i];
  };

  // Function tags and configuration (Lambda API and/or GitOps manifest), as carried on findings.
  const tagText = (tags) => (tags || []).map((t) => t.key + "=" + t.value).join(", ");
  const configText = (c) => !c ? "" : [
    c.memorySizeMb ? c.memorySizeMb + " MB" : null,
    c.timeoutSeconds ? c.timeoutSeconds + " s timeout" : null,
    c.runtime, c.architecture,
    c.vpc === true ? "VPC" + (c.subnetIds && c.subnetIds.length ? " (" + c.subnetIds.join(", ") + ")" : "") : c.vpc === false ? "no VPC" : null
  ].filter(Boolean).join(" \u00b7 ");
  const tagChips = (tags) => {
    const box = el("span", { class: "tags" });
    for (const t of tags || []) box.append(el("span", { class: "tag", "data-key": t.key }, t.key + "=" + t.value));
    return box;
  };

  // ---- summary
  function renderSummary() {
    const s = data.summary;
    document.getElementById("period").textContent =
      s.from ? iso(s.from) + " to " + iso(s.to) + " \u00b7 generated " + data.generatedAt : "no metrics";
    const cards = [
      ["Functions", num(s.functions, 0)], ["Invocations", num(s.invocations, 0)],
      ["Errors", num(s.errors, 0)], ["Estimated cost", usd(s.costUsd)],
      ["Egress", bytes(s.egressBytes)], ["Incidents", num(s.incidents, 0)],
      ["Findings", num(s.findings, 0)], ["Actions", num(s.actions, 0)],
      ["Right-sizing savings / month", usd(s.savingsUsdPerMonth)],
      ["Avoidable incident spend", usd(s.avoidableIncidentUsd)], ["Dead letters", num(s.deadLetters, 0)]
    ];
    const box = document.getElementById("summary");
    for (const [k, v] of cards) {
      const c = el("div", { class: "card" });
      c.append(el("div", { class: "v" }, v), el("div", { class: "k" }, k));
      box.append(c);
    }
    const chips = document.getElementById("breakdown");
    for (const [sev, n] of Object.entries(s.incidentsBySeverity)) chips.append(el("span", { class: "chip" }, sev + ": " + n));
    for (const [type, n] of Object.entries(s.incidentsByType)) chips.append(el("span", { class: "chip" }, type + ": " + n));
  }

  // ---- sortable, filterable tables
  function table(id, columns, rows, initialSort) {
    const t = document.getElementById(id);
    const head = el("tr");
    let sort = initialSort || { col: 0, dir: 1 };
    let filter = () => true;
    columns.forEach((c, i) => {
      const th = el("th", { "data-col": String(i) }, c.title);
      th.addEventListener("click", () => {
        sort = { col: i, dir: sort.col === i ? -sort.dir : 1 };
        draw();
      });
      head.append(th);
    });
    t.tHead.append(head);
    function draw() {
      const body = t.tBodies[0];
      body.textContent = "";
      const c = columns[sort.col];
      const shown = rows.filter(filter).sort((a, b) => {
        const x = c.sort ? c.sort(a) : c.value(a), y = c.sort ? c.sort(b) : c.value(b);
        return (x < y ? -1 : x > y ? 1 : 0) * sort.dir;
      });
      for (const r of shown) {
        const tr = el("tr");
        for (const col of columns) {
          const td = el("td", { class: col.cls || "" });
          const v = col.render ? col.render(r) : col.value(r);
          if (v instanceof Node) td.append(v); else td.textContent = v === null || v === undefined ? "" : String(v);
          tr.append(td);
        }
        body.append(tr);
      }
      head.querySelectorAll("th").forEach((th, i) => {
        th.className = i === sort.col ? (sort.dir > 0 ? "sorted-asc" : "sorted-desc") : "";
      });
      return shown.length;
    }
    return { draw, setFilter: (f) => { filter = f; return draw(); } };
  }

  function renderFindings() {
    const sev = (f) => el("span", { class: "sev sev-" + f.severity }, f.severity);
    const columns = [
      { title: "Window end (UTC)", value: (f) => iso(f.windowEnd), sort: (f) => f.windowEnd },
      { title: "Function", value: (f) => f.functionName },
      { title: "Type", value: (f) => f.type },
      { title: "Severity", value: (f) => f.severity, sort: (f) => SEVERITY_ORDER[f.severity] || 0, render: sev },
      { title: "Status", value: (f) => f.status },
      { title: "Score", value: (f) => num(f.score, 2), sort: (f) => f.score, cls: "num" },
      { title: "Observed", value: (f) => num(f.observed, 1) + " " + (f.unit || ""), sort: (f) => f.observed, cls: "num" },
      { title: "Expected", value: (f) => num(f.expected, 1), sort: (f) => f.expected, cls: "num" },
      { title: "Impact $/h", value: (f) => num(f.impactUsdPerHour, 4), sort: (f) => f.impactUsdPerHour, cls: "num" },
      { title: "Tags", value: (f) => tagText(f.tags), render: (f) => tagChips(f.tags), cls: "tags-cell" },
      { title: "Configuration", value: (f) => configText(f.config), cls: "config" },
      { title: "Explanation", value: (f) => f.explanation, cls: "explanation" }
    ];
    const t = table("findings", columns, data.findings.slice(), { col: 0, dir: 1 });
    const selects = { type: "filter-type", severity: "filter-severity", status: "filter-status" };
    for (const [field, id] of Object.entries(selects)) {
      const values = [...new Set(data.findings.map((f) => f[field]))].sort();
      const s = document.getElementById(id);
      for (const v of values) s.append(el("option", { value: v }, v));
    }
    const count = document.getElementById("findings-count");
    function apply() {
      const text = document.getElementById("filter-text").value.trim().toLowerCase();
      const want = {};
      for (const [field, id] of Object.entries(selects)) want[field] = document.getElementById(id).value;
      const n = t.setFilter((f) =>
        Object.entries(want).every(([k, v]) => !v || f[k] === v) &&
        (!text || [f.functionName, f.type, f.explanation, f.id, f.incidentId, f.destinationIp,
          tagText(f.tags), configText(f.config)]
          .some((x) => x && String(x).toLowerCase().includes(text))));
      count.textContent = "(" + n + " of " + data.findings.length + ")";
    }
    document.getElementById("filter-text").addEventListener("input", apply);
    for (const id of Object.values(selects)) document.getElementById(id).addEventListener("change", apply);
    apply();
  }

  // ---- charts
  // Incidents (first window start to last window end) lightly, each finding's window strongly.
  function bandsPlugin(incidents, windows) {
    const fill = (u, w, alpha) => {
      const x0 = u.valToPos(w.start / 1000, "x", true), x1 = u.valToPos(w.end / 1000, "x", true);
      u.ctx.fillStyle = (SEVERITY_COLOR[w.severity] || SEVERITY_COLOR.INFO).replace(/[\d.]+\)$/, alpha + ")");
      u.ctx.fillRect(x0, u.bbox.top, Math.max(x1 - x0, 2), u.bbox.height);
    };
    return {
      hooks: {
        drawClear: [(u) => {
          u.ctx.save();
          for (const w of incidents) fill(u, w, 0.08);
          for (const w of windows) fill(u, w, 0.35);
          u.ctx.restore();
        }]
      }
    };
  }

  const METRICS = [
    { key: "invocations", title: "Invocations per bucket", stroke: "#2563eb", fmt: (v) => num(v, 0) },
    { key: "p95", title: "p95 duration (ms)", stroke: "#7c3aed", fmt: (v) => num(v, 0) },
    { key: "cost", title: "Estimated cost (USD per bucket)", stroke: "#059669", fmt: (v) => "$" + num(v, 4) },
    { key: "egress", title: "Egress (bytes per bucket)", stroke: "#dc2626", fmt: (v) => bytes(v) }
  ];

  function renderFunction(key, container) {
    const s = data.series[key];
    if (!s || document.getElementById("fn-" + key)) return;
    const own = data.findings.filter((f) => f.functionKey === key);
    const windows = own.map((f) => ({ start: f.windowStart, end: f.windowEnd, severity: f.severity }));
    const incidents = Object.values(own.reduce((acc, f) => {
      const i = acc[f.incidentId] || (acc[f.incidentId] = { start: f.windowStart, end: f.windowEnd, severity: f.severity });
      i.start = Math.min(i.start, f.windowStart);
      i.end = Math.max(i.end, f.windowEnd);
      if ((SEVERITY_ORDER[f.severity] || 0) > (SEVERITY_ORDER[i.severity] || 0)) i.severity = f.severity;
      return acc;
    }, {}));
    const box = el("div", { class: "fn", id: "fn-" + key });
    const types = [...new Set(own.map((f) => f.type))].join(", ");
    box.append(el("h3", {}, s.name + (types ? " \u2014 " + types : "")));
    if (s.config || s.tags) {
      const facts = el("p", { class: "fn-facts muted" }, configText(s.config));
      facts.append(tagChips(s.tags));
      box.append(facts);
    }
    const grid = el("div", { class: "grid" });
    box.append(grid);
    container.append(box);
    for (const m of METRICS) {
      const slot = el("div", { class: "chart", "data-function": key, "data-metric": m.key });
      grid.append(slot);
      const width = Math.max(360, slot.clientWidth || 600);
      const opts = {
        title: m.title,
        width: width,
        height: 190,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"),
        scales: { x: { time: true } },
        legend: { show: false },
        series: [{}, { label: m.title, stroke: m.stroke, fill: m.stroke + "22", width: 1.25, points: { show: false } }],
        axes: [{ stroke: "#616e7c" }, { stroke: "#616e7c", size: 70, values: (u, vals) => vals.map(m.fmt) }],
        plugins: [bandsPlugin(incidents, windows)]
      };
      charts.push(new uPlot(opts, [s.t, s[m.key]], slot));
    }
  }

  function renderCharts() {
    const container = document.getElementById("charts");
    const withFindings = [...new Set(data.findings.map((f) => f.functionKey))]
      .filter((k) => data.series[k])
      .sort((a, b) => data.series[a].name.localeCompare(data.series[b].name));
    for (const key of withFindings) renderFunction(key, container);
    const picker = document.getElementById("function-picker");
    Object.keys(data.series)
      .sort((a, b) => data.series[a].name.localeCompare(data.series[b].name))
      .forEach((k) => picker.append(el("option", { value: k }, data.series[k].name)));
    picker.addEventListener("change", () => { if (picker.value) renderFunction(picker.value, container); });
  }

  function renderRecommendations() {
    const columns = [
      { title: "Created (UTC)", value: (r) => iso(r.createdAt), sort: (r) => r.createdAt },
      { title: "Function", value: (r) => r.function },
      { title: "Action", value: (r) => r.type + (r.memorySizeMb ? " to " + r.memorySizeMb + " MB" : "") + (r.reservedConcurrency !== undefined ? " (concurrency " + r.reservedConcurrency + ")" : "") },
      { title: "Mode", value: (r) => r.mode },
      { title: "For", value: (r) => r.findingType || "" },
      { title: "Savings (USD)", value: (r) => usd(r.savingsUsd), sort: (r) => r.savingsUsd, cls: "num" },
      { title: "Basis", value: (r) => r.basis },
      { title: "Reason", value: (r) => r.reason, cls: "explanation" }
    ];
    table("recommendations", columns, data.recommendations.slice(), { col: 5, dir: -1 }).draw();
    const monthly = data.recommendations.filter((r) => r.recurring).reduce((a, r) => a + r.savingsUsd, 0);
    const once = data.recommendations.filter((r) => !r.recurring).reduce((a, r) => a + r.savingsUsd, 0);
    document.getElementById("savings-total").textContent =
      "(" + data.recommendations.length + ": " + usd(monthly) + " per month from right-sizing, " + usd(once) + " of incident spend avoidable)";
  }

  function renderDeadLetters() {
    const columns = [
      { title: "Reason", value: (d) => d.reason },
      { title: "Count", value: (d) => num(d.count, 0), sort: (d) => d.count, cls: "num" },
      { title: "Streams", value: (d) => d.streams },
      { title: "Example", value: (d) => d.example, cls: "explanation" }
    ];
    table("dead-letters", columns, data.deadLetters.slice(), { col: 1, dir: -1 }).draw();
  }

  renderSummary();
  renderFindings();
  renderCharts();
  renderRecommendations();
  renderDeadLetters();
  window.vigilReport = { charts: charts.length, findings: data.findings.length, plots: charts };
  document.body.setAttribute("data-ready", "true");
})();
