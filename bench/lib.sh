# Shared helpers of bench/plan.sh and bench/lint.sh (sourced, not run).
# shellcheck shell=bash disable=SC2034 # failed and BIN/TMP are read by the scripts

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
WARMUP=${WARMUP:-3}
RUNS=${RUNS:-50}
RSS_RUNS=${RSS_RUNS:-10}
failed=0	# check() sets it to 1 when a target is missed

die() { echo "bench: $*" >&2; exit 2; }

# The binary: $1 if given (relative to the current directory), else build/tcptune.
bench_binary() {
	local b=${1:-$ROOT/build/tcptune}
	case $b in /*) ;; *) b=$PWD/$b ;; esac
	[ -x "$b" ] || die "no executable tcptune at $b (build it: make -s BUILD=build/bench build/bench/tcptune)"
	BIN=$b
}

bench_require() {
	command -v hyperfine >/dev/null 2>&1 || die "hyperfine is missing: scripts/deps bench (or apt-get install -y hyperfine)"
	command -v python3 >/dev/null 2>&1 || die "python3 is missing"
	[ "$RUNS" -ge 30 ] 2>/dev/null || die "RUNS must be at least 30 (got $RUNS)"
	# Temporary files (and lint's tree) go to $TMPDIR, else to /dev/shm: on
	# tmpfs the page cache cannot be dropped between runs (proactive reclaim
	# such as DAMON does that to /tmp on some VMs), so the commands are
	# compared on CPU work, not on disk reads.
	local base=${TMPDIR:-}
	if [ -z "$base" ]; then
		base=/tmp
		if [ -d /dev/shm ] && [ -w /dev/shm ] && [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ]; then
			base=/dev/shm
		fi
	fi
	TMP=$(mktemp -d "$base/tcptune-bench.XXXXXX") || die "mktemp failed"
	if [ -z "${KEEP:-}" ]; then
		trap 'rm -rf "$TMP"' EXIT
	else
		trap 'echo "bench: kept $TMP" >&2' EXIT
	fi
}

bench_header() {
	echo "== $1"
	echo "tcptune:   $("$BIN" --version 2>/dev/null || echo '?') ($BIN)"
	echo "kernel:    $(uname -srm)"
	echo "host:      $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "hyperfine: $(hyperfine --version | cut -d' ' -f2), $RUNS runs, $WARMUP warmup runs each"
}

# hf NAME... -- hyperfine arguments: run hyperfine, export JSON to $TMP/NAME.json.
# Output of the commands goes to /dev/null (hyperfine --output=null).
hf() {
	local name=$1
	shift
	hyperfine -N --style basic --output=null --warmup "$WARMUP" --runs "$RUNS" \
		--export-json "$TMP/$name.json" "$@" >"$TMP/$name.log" 2>&1 ||
		{ cat "$TMP/$name.log" >&2; die "hyperfine failed"; }
}

# median JSON INDEX: median seconds of the INDEX-th command.
median() {
	python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["median"])' "$1" "$2"
}

# summary JSON: one line per command: median, mean, stddev, min, in ms.
summary() {
	python3 - "$1" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("  %-28s median %8.3f ms   mean %8.3f ms +- %6.3f   min %8.3f ms"
          % (r["command"][:28] if len(r["command"]) <= 28 else r["command"][:25] + "...",
             r["median"] * 1e3, r["mean"] * 1e3, r["stddev"] * 1e3, r["min"] * 1e3))
EOF
}

ratio() { python3 -c 'import sys; print("%.4f" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

# check LABEL VALUE LIMIT UNIT: PASS if VALUE <= LIMIT, else FAIL (and exit 1 at the end).
check() {
	if python3 -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) else 1)' "$2" "$3"; then
		printf '%-40s %10s %-4s (target <= %s)  PASS\n' "$1" "$2" "$4" "$3"
	else
		printf '%-40s %10s %-4s (target <= %s)  FAIL\n' "$1" "$2" "$4" "$3"
		failed=1
	fi
}

# How peak RSS is measured: GNU time if installed, else bench/maxrss.py.
# RSS_METHOD=time|ptrace|rusage forces one.
rss_method() {
	if [ -n "${RSS_METHOD:-}" ]; then
		echo "$RSS_METHOD"
	elif [ -x /usr/bin/time ] && /usr/bin/time --version 2>&1 | grep -q GNU; then
		echo time
	else
		echo auto
	fi
}

# peak_rss OKCODES CMD...: the largest peak RSS in KiB over $RSS_RUNS runs
# (standard output and error to /dev/null).
peak_rss() {
	local ok=$1 m peak=0 kib code
	shift
	m=$(rss_method)
	if [ "$m" = time ]; then
		for _ in $(seq "$RSS_RUNS"); do
			code=0
			/usr/bin/time -f %M -o "$TMP/rss" "$@" >/dev/null 2>&1 || code=$?
			case ",$ok," in *",$code,"*) ;; *) die "$* exited with $code" ;; esac
			kib=$(tail -n1 "$TMP/rss")
			[ "$kib" -gt "$peak" ] && peak=$kib
		done
		echo "$peak"
	else
		python3 "$BENCH_DIR/maxrss.py" -q -n "$RSS_RUNS" --ok "$ok" --method "$m" "$@" ||
			die "maxrss.py failed"
	fi
}

rss_label() {
	case $(rss_method) in
	time) echo "GNU time %M, max of $RSS_RUNS runs" ;;
	*) echo "bench/maxrss.py --method $(rss_method), max of $RSS_RUNS runs" ;;
	esac
}
