#!/usr/bin/env python3
"""Generates vigil-saved-objects.ndjson (legacy visualisations, Kibana 7.10+ / 8.x import format).
Edit here and re-run; KibanaSavedObjectsTest checks every referenced field against the templates."""
import json, os

OUT = os.path.join(os.path.dirname(__file__), "vigil-saved-objects.ndjson")
objs = []

def index_pattern(id_, title):
    objs.append({"id": id_, "type": "index-pattern", "references": [],
                 "attributes": {"title": title, "timeFieldName": "@timestamp"},
                 "migrationVersion": {"index-pattern": "7.6.0"}})

def axis_params(kind, label):
    return {"type": kind, "grid": {"categoryLines": False},
            "categoryAxes": [{"id": "CategoryAxis-1", "type": "category", "position": "bottom", "show": True,
                              "scale": {"type": "linear"}, "labels": {"show": True, "filter": True, "truncate": 100}, "title": {}}],
            "valueAxes": [{"id": "ValueAxis-1", "name": "LeftAxis-1", "type": "value", "position": "left", "show": True,
                           "scale": {"type": "linear", "mode": "normal"},
                           "labels": {"show": True, "rotate": 0, "filter": False, "truncate": 100}, "title": {"text": label}}],
            "seriesParams": [{"show": True, "type": kind, "mode": "stacked" if kind == "histogram" else "normal",
                              "data": {"label": label, "id": "1"}, "valueAxis": "ValueAxis-1",
                              "drawLinesBetweenPoints": True, "lineWidth": 2, "showCircles": True}],
            "addTooltip": True, "addLegend": True, "legendPosition": "right", "times": [], "addTimeMarker": False}

def metric(id_, kind, field=None, label=None):
    a = {"id": id_, "enabled": True, "type": kind, "schema": "metric", "params": {}}
    if field: a["params"]["field"] = field
    if label: a["params"]["customLabel"] = label
    return a

def date_hist(id_):
    return {"id": id_, "enabled": True, "type": "date_histogram", "schema": "segment",
            "params": {"field": "@timestamp", "interval": "auto", "min_doc_count": 1, "extended_bounds": {}}}

def terms(id_, field, schema, size=10, order_by="1", label=None):
    p = {"field": field, "size": size, "order": "desc", "orderBy": order_by, "otherBucket": False, "missingBucket": False}
    if label: p["customLabel"] = label
    return {"id": id_, "enabled": True, "type": "terms", "schema": schema, "params": p}

def vis(id_, title, kind, params, aggs, pattern, query=""):
    state = {"title": title, "type": kind, "params": params, "aggs": aggs}
    search = {"query": {"query": query, "language": "kuery"}, "filter": [],
              "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    objs.append({"id": id_, "type": "visualization",
                 "references": [{"name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern", "id": pattern}],
                 "attributes": {"title": title, "visState": json.dumps(state), "uiStateJSON": "{}", "description": "", "version": 1,
                                "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(search)}},
                 "migrationVersion": {"visualization": "7.10.0"}})
    return id_

TABLE = {"perPage": 10, "showPartialRows": False, "showMetricsAtAllLevels": False,
         "sort": {"columnIndex": None, "direction": None}, "showTotal": True, "totalFunc": "sum", "percentageCol": ""}

def controls_vis(id_, title, pattern, field):
    params = {"controls": [{"id": "1", "fieldName": field, "label": "Function", "type": "list",
                            "options": {"type": "terms", "multiselect": False, "dynamicOptions": True, "size": 50, "order": "desc"},
                            "parent": "", "indexPatternRefName": "control_0_index_pattern"}],
              "updateFiltersOnChange": True, "useTimeFilter": True, "pinFilters": False}
    state = {"title": title, "type": "input_control_vis", "params": params, "aggs": []}
    objs.append({"id": id_, "type": "visualization",
                 "references": [{"name": "control_0_index_pattern", "type": "index-pattern", "id": pattern}],
                 "attributes": {"title": title, "visState": json.dumps(state), "uiStateJSON": "{}", "description": "", "version": 1,
                                "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})}},
                 "migrationVersion": {"visualization": "7.10.0"}})
    return id_

def dashboard(id_, title, description, panels):
    pj, refs = [], []
    for i, (vid, x, y, w, h) in enumerate(panels):
        pj.append({"version": "7.10.0", "gridData": {"x": x, "y": y, "w": w, "h": h, "i": str(i + 1)},
                   "panelIndex": str(i + 1), "embeddableConfig": {}, "panelRefName": f"panel_{i}"})
        refs.append({"name": f"panel_{i}", "type": "visualization", "id": vid})
    objs.append({"id": id_, "type": "dashboard", "references": refs,
                 "attributes": {"title": title, "hits": 0, "description": description, "panelsJSON": json.dumps(pj),
                                "optionsJSON": json.dumps({"useMargins": True, "hidePanelTitles": False}),
                                "timeRestore": True, "timeFrom": "now-24h", "timeTo": "now",
                                "refreshInterval": {"pause": False, "value": 30000},
                                "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps({"query": {"query": "", "language": "kuery"}, "filter": []})}},
                 "migrationVersion": {"dashboard": "7.9.3"}})

index_pattern("vigil-findings", "vigil-findings-*")
index_pattern("vigil-metrics", "vigil-metrics-*")
index_pattern("vigil-actions", "vigil-actions-*")

F, M, A = "vigil-findings", "vigil-metrics", "vigil-actions"
cost = vis("vigil-vis-cost-per-function", "Vigil: estimated cost per function (USD)", "line", axis_params("line", "USD"),
           [metric("1", "sum", "vigil.metrics.estimated_cost_usd", "USD"), date_hist("2"), terms("3", "faas.name", "group")], M)
timeline_type = vis("vigil-vis-findings-by-type", "Vigil: findings over time by type", "histogram", axis_params("histogram", "Findings"),
                    [metric("1", "count"), date_hist("2"), terms("3", "rule.name", "group", size=12)], F)
timeline_sev = vis("vigil-vis-findings-by-severity", "Vigil: findings over time by severity", "histogram", axis_params("histogram", "Findings"),
                   [metric("1", "count"), date_hist("2"), terms("3", "vigil.severity", "group", size=4)], F)
top = vis("vigil-vis-top-spenders", "Vigil: top spenders", "table", TABLE,
          [metric("1", "sum", "vigil.metrics.estimated_cost_usd", "Estimated USD"),
           metric("2", "sum", "vigil.metrics.invocations", "Invocations"),
           metric("3", "sum", "vigil.metrics.gb_seconds", "GB-seconds"),
           terms("4", "faas.name", "bucket", size=20, label="Function")], M)
rightsize = vis("vigil-vis-rightsizing", "Vigil: right-sizing savings (memory over-provisioned)", "table", TABLE,
                [metric("1", "max", "vigil.impact_usd_per_hour", "Savings USD/h"),
                 metric("2", "max", "vigil.observed", "Memory used p99 (MB)"),
                 metric("3", "max", "vigil.expected", "Configured (MB)"),
                 terms("4", "faas.name", "bucket", size=50, label="Function")], F,
                query='rule.name : "MEMORY_OVERPROVISIONED"')
egress = vis("vigil-vis-egress-by-destination", "Vigil: egress by destination", "table", TABLE,
             [metric("1", "sum", "vigil.metrics.top_destination_bytes", "Bytes"),
              metric("2", "cardinality", "faas.name", "Functions"),
              terms("3", "vigil.metrics.top_destination", "bucket", size=20, label="Destination")], M)
open_findings = vis("vigil-vis-findings-table", "Vigil: findings", "table", TABLE,
                    [metric("1", "count"), metric("2", "max", "vigil.score", "Max score"),
                     metric("5", "sum", "vigil.impact_usd_per_hour", "Impact USD/h"),
                     terms("3", "rule.name", "bucket", size=20, label="Type"),
                     terms("4", "faas.name", "bucket", size=20, label="Function")], F)
actions = vis("vigil-vis-actions", "Vigil: remediation actions", "table", TABLE,
              [metric("1", "count"), terms("2", "vigil.action.type", "bucket", label="Action"),
               terms("3", "vigil.action.mode", "bucket", label="Mode"), terms("4", "faas.name", "bucket", size=20, label="Function")], A,
              query='event.dataset : "vigil.actions"')
# Findings by the function's configuration (Lambda API / manifest, vigil.function.*).
by_config = vis("vigil-vis-findings-by-config", "Vigil: findings by runtime, architecture and memory", "table", TABLE,
                [metric("1", "count"), metric("5", "cardinality", "faas.name", "Functions"),
                 terms("2", "vigil.function.runtime", "bucket", size=20, label="Runtime"),
                 terms("3", "vigil.function.architecture", "bucket", label="Architecture"),
                 terms("4", "vigil.function.config_source", "bucket", label="Configuration from")], F)
# The actuator's audit decisions (vigil actuator run --es-url) share the actions index.
decisions = vis("vigil-vis-actuator-decisions", "Vigil: actuator decisions", "table", TABLE,
                [metric("1", "count"), terms("2", "vigil.decision.name", "bucket", size=20, label="Decision"),
                 terms("3", "vigil.action.type", "bucket", label="Action"),
                 terms("4", "faas.name", "bucket", size=20, label="Function")], A,
                query='event.dataset : "vigil.actuator"')

def saved_search(id_, title, pattern, query, columns):
    search = {"query": {"query": query, "language": "kuery"}, "filter": [],
              "indexRefName": "kibanaSavedObjectMeta.searchSourceJSON.index"}
    objs.append({"id": id_, "type": "search",
                 "references": [{"name": "kibanaSavedObjectMeta.searchSourceJSON.index", "type": "index-pattern", "id": pattern}],
                 "attributes": {"title": title, "description": "", "hits": 0, "columns": columns,
                                "sort": [["@timestamp", "desc"]], "version": 1,
                                "kibanaSavedObjectMeta": {"searchSourceJSON": json.dumps(search)}},
                 "migrationVersion": {"search": "7.9.3"}})

saved_search("vigil-search-actuator-decisions", "Vigil: actuator decisions (audit trail)", A,
             'event.dataset : "vigil.actuator"',
             ["vigil.decision.name", "faas.name", "vigil.action.type", "vigil.action.mode", "user.name",
              "vigil.decision.source", "vigil.decision.detail"])

saved_search("vigil-search-findings-config", "Vigil: findings with function tags and configuration", F,
             'event.dataset : "vigil.findings"',
             ["rule.name", "faas.name", "vigil.severity", "vigil.status", "vigil.function.memory_size_mb",
              "vigil.function.timeout_seconds", "vigil.function.runtime", "vigil.function.architecture",
              "vigil.function.vpc", "vigil.function.config_source"])

dashboard("vigil-fleet-overview", "Vigil: fleet overview",
          "Cost per function, findings by type and severity, top spenders, right-sizing savings, egress by destination.",
          [(cost, 0, 0, 48, 14), (timeline_type, 0, 14, 24, 14), (timeline_sev, 24, 14, 24, 14),
           (top, 0, 28, 24, 16), (rightsize, 24, 28, 24, 16), (egress, 0, 44, 24, 16), (actions, 24, 44, 24, 16),
           (decisions, 0, 60, 48, 16), (by_config, 0, 76, 48, 14)])

ctl = controls_vis("vigil-vis-function-picker", "Vigil: pick a function", M, "faas.name")
inv = vis("vigil-vis-fn-invocations", "Vigil: invocations, errors, timeouts, throttles", "line", axis_params("line", "Count"),
          [metric("1", "sum", "vigil.metrics.invocations", "Invocations"), metric("4", "sum", "vigil.metrics.errors", "Errors"),
           metric("5", "sum", "vigil.metrics.timeouts", "Timeouts"), metric("6", "sum", "vigil.metrics.throttles", "Throttles"),
           date_hist("2")], M)
dur = vis("vigil-vis-fn-duration", "Vigil: duration p50 / p95 / p99 (ms)", "line", axis_params("line", "ms"),
          [metric("1", "avg", "vigil.metrics.duration_p50_ms", "p50"), metric("3", "avg", "vigil.metrics.duration_p95_ms", "p95"),
           metric("4", "avg", "vigil.metrics.duration_p99_ms", "p99"), date_hist("2")], M)
mem = vis("vigil-vis-fn-memory", "Vigil: memory configured vs used (MB)", "line", axis_params("line", "MB"),
          [metric("1", "max", "vigil.metrics.memory_size_mb", "Configured"), metric("3", "max", "vigil.metrics.memory_used_p99_mb", "Used p99"),
           metric("4", "max", "vigil.metrics.max_memory_used_mb", "Used max"), date_hist("2")], M)
fcost = vis("vigil-vis-fn-cost", "Vigil: estimated vs billed cost (USD)", "line", axis_params("line", "USD"),
            [metric("1", "sum", "vigil.metrics.estimated_cost_usd", "Estimated"), metric("3", "sum", "vigil.metrics.billed_cost_usd", "Billed"),
             date_hist("2")], M)
fnet = vis("vigil-vis-fn-network", "Vigil: egress bytes and new destinations", "line", axis_params("line", "Bytes"),
           [metric("1", "sum", "vigil.metrics.egress_bytes", "Egress bytes"), metric("3", "sum", "vigil.metrics.new_destinations", "New destinations"),
            date_hist("2")], M)
dashboard("vigil-function-drilldown", "Vigil: function drill-down",
          "One function (pick it above): load, errors, latency, memory, cost, network and its findings.",
          [(ctl, 0, 0, 16, 8), (inv, 16, 0, 32, 14), (dur, 0, 14, 24, 14), (mem, 24, 14, 24, 14),
           (fcost, 0, 28, 24, 14), (fnet, 24, 28, 24, 14), (open_findings, 0, 42, 48, 16)])

with open(OUT, "w") as f:
    for o in objs:
        f.write(json.dumps(o, separators=(",", ":")) + "\n")
print(f"{len(objs)} objects -> {OUT}")
