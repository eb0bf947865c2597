# Checkpoint size per key vs fleet time, restarts and duplicate lines of a `vigil replay` run,
# from its vigil.log (Flink INFO lines) and output folder.
# usage: python3 docs/tools/replay_report.py vigil.log OUT_DIR FUNCTIONS
import sys, os, re, json, glob, datetime
log, out, functions = sys.argv[1], sys.argv[2], int(sys.argv[3])
day = None
trig, done = {}, {}
for line in open(log, errors='replace'):
    m = re.search(r'Triggering checkpoint (\d+) .*?@ (\d+)', line)
    if m: trig[int(m.group(1))] = int(m.group(2))
    m = re.search(r'Completed checkpoint (\d+) for job \S+ \((\d+) bytes', line)
    if m: done[int(m.group(1))] = int(m.group(2))
restarts = sum(1 for l in open(log, errors='replace') if 'switched from state RUNNING to RESTARTING' in l or 'switched from RUNNING to RESTARTING' in l)
files = []
for f in glob.glob(os.path.join(out, 'metrics', 'metrics-*.jsonl')):
    end = max((json.loads(l)['bucketEnd'] for l in open(f) if l.strip()), default=None)
    if end: files.append((os.path.getmtime(f) * 1000, end))
files.sort()
start = min(e for _, e in files) - 60_000 if files else 0
rows = []
for k in sorted(done):
    t = trig.get(k)
    prog = max((e for m, e in files if m <= t), default=start) if t else None
    hours = (prog - start) / 3.6e6 if prog else float('nan')
    rows.append((k, hours, done[k]))
    print(f"checkpoint {k}: fleet hour {hours:5.1f}  {done[k]:>10} bytes  {done[k]/functions:8.0f} B/key")
def at(h):
    c = [r for r in rows if r[1] >= h]
    return c[0] if c else None
for h in (6, 24):
    r = at(h)
    if r: print(f"first checkpoint at/after hour {h}: #{r[0]} (hour {r[1]:.1f}) {r[2]/functions:.0f} B/key")
print("restarts:", restarts)
for name in ['findings', 'metrics', 'actions', 'dead-letters']:
    lines = [l for f in glob.glob(os.path.join(out, name, '*.jsonl')) for l in open(f) if l.strip()]
    print(f"{name}: {len(lines)} lines, {len(lines) - len(set(lines))} duplicates")
