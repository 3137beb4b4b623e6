"""Joins DisplayBreakdown's client times with the service's -Dqms.trace.calls file; prints stages per percentile."""
import sys
svc = {}
for l in open(sys.argv[2]):
    k, *v = l.split()
    svc[k] = [int(x) for x in v]
rows = []
for l in open(sys.argv[1]):
    k, t0, ans, arr = l.split()
    t0, ans, arr = int(t0), int(ans), int(arr)
    cs, ce, li, pub, ack = svc.get(k, [0] * 5)
    def d(a, b):
        return (b - a) / 1e6 if a and b else None
    rows.append({
        "total": d(t0, arr),
        "http+sql to commit": d(t0, cs) if cs else None,
        "commit (fsync)": d(cs, ce),
        "commit->listener": d(ce, li),
        "t0->listener": d(t0, li),
        "announce": d(li, pub),
        "broker ack": d(pub, ack),
        "delivery": d(pub, arr),
        "http answered": d(t0, ans),
    })
def pct(xs, p):
    xs = sorted(x for x in xs if x is not None)
    return xs[min(len(xs) - 1, int(len(xs) * p))] if xs else None
cols = ["total", "http+sql to commit", "commit (fsync)", "commit->listener", "t0->listener", "announce", "delivery", "broker ack", "http answered"]
fmt = lambda v: "-" if v is None else "%.2f" % v
print("display breakdown, %d calls (ms)" % len(rows))
print("%-22s %8s %8s %8s %8s" % ("stage", "p50", "p90", "p99", "max"))
for c in cols:
    xs = [r[c] for r in rows]
    print("%-22s %8s %8s %8s %8s" % (c, fmt(pct(xs, .5)), fmt(pct(xs, .9)), fmt(pct(xs, .99)), fmt(pct(xs, 1))))
rows.sort(key=lambda r: r["total"])
for name, lo, hi in (("calls near p50", .45, .55), ("slowest 2%", .98, 1.0)):
    sel = rows[int(len(rows) * lo):max(int(len(rows) * lo) + 1, int(len(rows) * hi))]
    def mean(c):
        xs = [r[c] for r in sel if r[c] is not None]
        return sum(xs) / len(xs) if xs else None
    print("%-16s " % name + "  ".join("%s %s" % (c, fmt(mean(c))) for c in cols))
