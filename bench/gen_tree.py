#!/usr/bin/env python3
"""Generate a deterministic sysctl.d tree for bench/lint.sh.

    gen_tree.py OUTDIR [--catalog DIR] [--files N] [--lines N] [--seed S]

Writes N files of exactly --lines lines each (default 500 x 200 = 100,000
lines) named NNN-<role>.conf into OUTDIR, and prints one summary line
(files, lines, assignments, deliberate problems, sha256 of the tree).

What the lines are:
  * assignments of keys from tcptune's catalog (schema/knobs/*.yaml, read with
    a small line parser, no PyYAML needed) with valid values: a realistic
    tuned value from SITE below, else the catalog default.  Keys that are
    obsolete, removed, no-ops, read-only or write-only are left out of the
    clean pool, and so are a few knobs whose mere presence is a finding.
  * interface-specific keys (net.ipv4.conf.<iface>.*, net.ipv6.conf.<iface>.*)
    on all, default and lo, which exist on every Linux machine, so the tree
    gives the same findings on any host apart from the deliberate ones;
  * spelling variants: "k = v", "k=v", leading blanks, the '/' spelling,
    the '-' prefix, ';' comments;
  * comment paragraphs (prose and commented-out assignments) and blank lines;
  * a few deliberate problems (about one file in four has one), so lint has
    findings to report;
  * overrides: the keys of ALT appear in only one file in 50 (with the SITE
    value) and in the last file, a local override file, with another value
    (TT107 for each earlier assignment).

A key appears at most once per file except for the deliberate TT103
duplicates.  Later files repeat the other keys of earlier ones with the same
value, as drop-ins from several packages do, which lint resolves without a
finding.

The tree depends only on the catalog and the arguments: the same catalog and
seed give byte-identical files (the sha256 printed makes that checkable).
"""
import argparse
import glob
import hashlib
import os
import random
import re
import sys

# Realistic tuned values (valid, inside the catalog bounds, chosen not to
# trip a rule on their own).  Keys not listed use the catalog default.
SITE = {
    "net.core.somaxconn": "8192",
    "net.core.netdev_max_backlog": "16384",
    "net.core.rmem_max": "16777216",
    "net.core.wmem_max": "16777216",
    "net.core.rmem_default": "262144",
    "net.core.wmem_default": "262144",
    "net.core.optmem_max": "131072",
    "net.core.default_qdisc": "fq",
    "net.ipv4.ip_local_port_range": "10000 65535",
    "net.ipv4.ip_local_reserved_ports": "8080,8443,9100",
    "net.ipv4.ping_group_range": "0 2147483647",
    "net.netfilter.nf_conntrack_max": "1048576",
    "net.netfilter.nf_conntrack_buckets": "262144",
    "net.ipv4.conf.<iface>.rp_filter": "1",
    "net.ipv4.conf.<iface>.accept_redirects": "0",
    "net.ipv4.conf.<iface>.secure_redirects": "0",
    "net.ipv4.conf.<iface>.send_redirects": "0",
    "net.ipv4.conf.<iface>.accept_source_route": "0",
    "net.ipv4.conf.<iface>.log_martians": "1",
    "net.ipv4.conf.<iface>.arp_ignore": "1",
    "net.ipv4.conf.<iface>.arp_announce": "2",
    "kernel.pid_max": "4194304",
    "kernel.msgmnb": "65536",
    "kernel.msgmax": "65536",
    "kernel.sysrq": "176",
    "kernel.core_uses_pid": "1",
    "vm.swappiness": "10",
    "fs.file-max": "9223372036854775807",
    "net.ipv4.tcp_tw_reuse": "1",
    "net.ipv4.tcp_keepalive_time": "600",
    "net.ipv4.tcp_keepalive_intvl": "30",
    "net.ipv4.tcp_keepalive_probes": "5",
    "net.ipv4.tcp_rmem": "4096 131072 16777216",
    "net.ipv4.tcp_wmem": "4096 16384 16777216",
    "net.ipv4.tcp_mem": "786432 1048576 1572864",
    "net.ipv4.tcp_slow_start_after_idle": "0",
    "net.ipv4.tcp_fastopen": "3",
    "net.ipv4.tcp_mtu_probing": "1",
    "net.ipv4.tcp_notsent_lowat": "131072",
    "net.ipv4.tcp_max_orphans": "262144",
    "net.ipv4.tcp_max_tw_buckets": "2000000",
}

# Keys set in few files, and with another valid value in the last file (TT107).
ALT = {
    "net.core.somaxconn": "4096",
    "net.core.netdev_max_backlog": "5000",
    "vm.swappiness": "30",
    "net.ipv4.tcp_keepalive_time": "1200",
    "net.ipv4.ip_local_port_range": "15000 64999",
    "net.core.default_qdisc": "fq_codel",
    "kernel.pid_max": "65536",
}

# Knobs whose mere presence is a finding (TT504, TT505, ...) or that alias another key.
NOT_CLEAN = {
    "net.ipv4.tcp_orphan_retries",
    "net.ipv4.tcp_rfc1337",
    "net.ipv4.tcp_max_syn_backlog",
    "net.nf_conntrack_max",
    "net.ipv4.tcp_fin_timeout",
    "net.ipv4.ip_forward",
}

IFACES = ["all", "default", "lo"]

PROSE = [
    "Network tuning for the frontend tier.",
    "Values reviewed by the platform team; change them through the usual review.",
    "Larger socket buffers for long fat pipes between data centres.",
    "Keep the kernel defaults where the measurements showed no gain.",
    "See the capacity planning notes for how these numbers were chosen.",
    "Reverse path filtering and redirects: hardening baseline.",
    "IPv6 router advertisements are handled by the hosting provider.",
    "Queueing discipline and backlog for 25G NICs.",
    "Keepalive: detect dead peers behind load balancers within minutes.",
    "Connection tracking sized for the gateway role.",
    "Do not edit on the host: this file is managed by configuration management.",
    "Memory and process limits for the application servers.",
    "Shared memory and message queues for the database sidecar.",
    "Port range for outgoing connections to the upstream pool.",
    "Buffer autotuning limits (min, default, max in bytes).",
    "Applied at boot by systemd-sysctl; run `sysctl --system` to reload.",
    "Congestion control: fq pacing with the default algorithm.",
    "Security baseline from the internal hardening guide, section 4.",
    "Per-interface settings follow; 'all' and 'default' cover new devices.",
    "Loopback gets the same policy as every other interface.",
]

ROLES = ["base", "network", "hardening", "frontend", "buffers", "ipv6", "limits", "local"]

# Deliberate problems: (rule meant to fire, key the line replaces, how to write it).
PROBLEMS = [
    ("TT101", "net.ipv4.tcp_syncookies", lambda r: "net.ipv4.tcp_syncookies 1"),
    ("TT102", "net.core.optmem_max", lambda r: "net.core.optmem_max ="),
    ("TT201", None, lambda r: "net.ipv4.tcp_keepalive_tme = 600"),
    ("TT201", None, lambda r: "net.ipv4.tcp_no_such_knob = 1"),
    ("TT202", None, lambda r: "net.ipv4.tcp_tw_recycle = 1"),
    ("TT205", None, lambda r: "net.ipv4.conf.eth%d.rp_filter = 1" % (90 + r.randrange(10))),
    ("TT302", "net.ipv4.tcp_keepalive_probes", lambda r: "net.ipv4.tcp_keepalive_probes = 010"),
    ("TT303", "net.ipv4.tcp_tw_reuse", lambda r: "net.ipv4.tcp_tw_reuse = 3"),
    ("TT305", "net.ipv4.tcp_rmem", lambda r: "net.ipv4.tcp_rmem = 4096 131072"),
    ("TT306", "kernel.sysrq", lambda r: "kernel.sysrq = 1024"),
    ("TT301", "net.core.somaxconn", lambda r: "net.core.somaxconn = 8k"),
    ("TT502", None, lambda r: "# lower it so TIME_WAIT sockets go away sooner\nnet.ipv4.tcp_fin_timeout = 15"),
    ("sup", "net.ipv4.tcp_tw_reuse", lambda r: "# tcptune: disable=TT303\nnet.ipv4.tcp_tw_reuse = 4"),
]


def read_catalog(catdir):
    """The catalog entries as dicts of their top-level scalar fields."""
    knobs = []
    for path in sorted(glob.glob(os.path.join(catdir, "*.yaml"))):
        cur = None
        with open(path, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"^  - key:\s*(\S+)\s*$", line)
                if m:
                    cur = {"key": m.group(1).strip("'\"")}
                    knobs.append(cur)
                    continue
                m = re.match(r"^    ([a-z_]+):\s*(.*?)\s*$", line)
                if cur is not None and m:
                    v = m.group(2)
                    if len(v) >= 2 and v[0] == v[-1] and v[0] in "'\"":
                        v = v[1:-1]
                    cur.setdefault(m.group(1), v)
    return knobs


def clean_pool(knobs):
    pool = []
    for k in knobs:
        key = k["key"]
        if key in NOT_CLEAN or k.get("obsolete") == "true" or "removed" in k or "noop_since" in k:
            continue
        if k.get("access") in ("ro", "wo"):
            continue
        value = SITE.get(key, k.get("default"))
        if value is None or value == "" or value.startswith("|") or value.startswith(">"):
            continue
        if "<iface>" in key:
            for i in IFACES:
                pool.append((key.replace("<iface>", i), value))
        else:
            pool.append((key, value))
    return pool


def spell(r, key, value):
    """One assignment line in one of the spellings people use."""
    x = r.random()
    if x < 0.04:
        key = key.replace(".", "/")
    elif x < 0.07:
        key = "-" + key
    y = r.random()
    if y < 0.72:
        return "%s = %s" % (key, value)
    if y < 0.94:
        return "%s=%s" % (key, value)
    if y < 0.97:
        return "  %s = %s" % (key, value)
    return "%s =  %s " % (key, value)


def comment(r, pool):
    mark = ";" if r.random() < 0.08 else "#"
    if r.random() < 0.3:
        key, value = pool[r.randrange(len(pool))]
        return "%s%s = %s" % (mark, key, value)
    return "%s %s" % (mark, PROSE[r.randrange(len(PROSE))])


def make_file(r, idx, nlines, pool, problem, extra):
    lines = [
        "# /etc/sysctl.d/%03d-%s.conf" % (idx, ROLES[idx % len(ROLES)]),
        "# %s" % PROSE[r.randrange(len(PROSE))],
        "#",
    ]
    keys = pool[:]
    r.shuffle(keys)
    # about 55% assignments, the rest comments and blank lines
    want = min(len(keys), int(nlines * 0.55))
    keys = keys[:max(0, want - len(extra))] + list(extra)
    r.shuffle(keys)
    body = [spell(r, k, v) for k, v in keys]
    if problem is not None:
        _, pkey, make = problem
        where = [j for j, (k, _) in enumerate(keys) if k == pkey]
        body[where[0] if where else r.randrange(len(body))] = make(r)
    # a duplicate inside the file now and then (TT103)
    if idx % 37 == 5:
        body.insert(len(body) - 1, body[len(body) // 3])
    i = 0
    while i < len(body):
        lines.append("")
        for _ in range(1 + (r.random() < 0.4)):
            lines.append(comment(r, pool))
        n = r.randint(2, 7)
        for text in body[i:i + n]:
            lines.extend(text.split("\n"))
        i += n
    # exactly nlines lines: pad with comment paragraphs or trim trailing ones
    while len(lines) < nlines:
        lines.append("" if r.random() < 0.3 else comment(r, pool))
    while len(lines) > nlines:
        # drop a comment or blank line, never an assignment
        for j in range(len(lines) - 1, 2, -1):
            if lines[j] == "" or lines[j][0] in "#;":
                if lines[j].startswith("# tcptune:") or "TIME_WAIT" in lines[j]:
                    continue
                del lines[j]
                break
        else:
            sys.exit("gen_tree.py: --lines %d is too small for %d assignments" % (nlines, len(body)))
    return "\n".join(lines) + "\n", len(body)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("outdir")
    ap.add_argument("--catalog", default=os.path.join(here, "..", "schema", "knobs"))
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--lines", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20240611)
    a = ap.parse_args()

    pool = clean_pool(read_catalog(a.catalog))
    rare = [(k, v) for k, v in pool if k in ALT]
    common = [(k, v) for k, v in pool if k not in ALT]
    if len(pool) < 20:
        sys.exit("gen_tree.py: only %d usable catalog keys in %s" % (len(pool), a.catalog))
    r = random.Random(a.seed)
    os.makedirs(a.outdir, exist_ok=True)
    h = hashlib.sha256()
    total_assign = problems = 0
    for idx in range(a.files):
        problem = None
        if idx % 4 == 2:
            problem = PROBLEMS[(idx // 4) % len(PROBLEMS)]
            problems += 1
        extra = []
        if idx == a.files - 1:		# the local override file
            extra = [(k, ALT[k]) for k, _ in rare]
        elif idx % 50 == 7:
            extra = rare
        text, nassign = make_file(r, idx, a.lines, common, problem, extra)
        total_assign += nassign
        name = "%03d-%s.conf" % (idx, ROLES[idx % len(ROLES)])
        with open(os.path.join(a.outdir, name), "w", encoding="utf-8") as f:
            f.write(text)
        h.update(name.encode() + b"\0" + text.encode())
    print("files=%d lines=%d assignments=%d problems=%d pool=%d sha256=%s"
          % (a.files, a.files * a.lines, total_assign, problems, len(pool), h.hexdigest()[:16]))


if __name__ == "__main__":
    main()
