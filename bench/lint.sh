#!/usr/bin/env bash
# bench/lint.sh [TCPTUNE]: `tcptune lint` on a 100,000-line sysctl.d tree
# against one awk pass over the same files.
#
# Targets (the issue): `tcptune lint --no-config --format json DIR` within
# 2x of `awk -F= '{print $1}' DIR/*.conf` (median wall time, same run), and
# lint's peak RSS at most 16 MiB. `tcptune lint --root` on the same files in
# ROOT/etc/sysctl.d is measured too, for information. Exit 0 all met, 1 a
# target missed, 2 could not measure. See bench/README.md.
#
# TCPTUNE defaults to build/tcptune. Environment: FILES x LINES (default
# 500 x 200), SEED, RUNS (default 50, >= 30), WARMUP (3), RSS_RUNS (10),
# RSS_METHOD (time|ptrace|rusage), TMPDIR (default /dev/shm if tmpfs, else
# /tmp), KEEP=1 keeps the tree and the JSON.
set -eu
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
. "$(dirname "$0")/lib.sh"

bench_binary "${1:-}"
bench_require
FILES=${FILES:-500}
LINES=${LINES:-200}
SEED=${SEED:-20240611}
AWK=$(command -v awk) || die "awk is missing"

bench_header "tcptune lint vs awk on $((FILES * LINES)) lines"
echo "awk:       $AWK -> $(readlink -f "$AWK")"
echo "tmp:       $TMP ($(stat -f -c %T "$TMP"); TMPDIR chooses)"

# The tree: TMP/root/etc/sysctl.d, linted as a directory and as a --root.
DIR=$TMP/root/etc/sysctl.d
mkdir -p "$DIR"
echo "tree:      $(python3 "$BENCH_DIR/gen_tree.py" "$DIR" --files "$FILES" --lines "$LINES" --seed "$SEED" \
	--catalog "$ROOT/schema/knobs")" || die "gen_tree.py failed"
conf=$(printf "%s " "$DIR"/*.conf)

LINT=("$BIN" lint --no-config --format json "$DIR")
ROOTLINT=("$BIN" lint --no-config --format json --root "$TMP/root")

# precheck LABEL CMD...: lint exits 1 because the tree has findings; any
# other status, or output that is not lint's JSON, stops the benchmark.
precheck() {
	local label=$1 code=0
	shift
	"$@" >"$TMP/out.json" 2>"$TMP/err" || code=$?
	if [ "$code" -gt 1 ]; then
		cat "$TMP/err" >&2
		die "$* exited with $code"
	fi
	python3 - "$TMP/out.json" "$label" <<'EOF' || die "$* did not print lint's JSON"
import collections, json, sys
d = json.load(open(sys.argv[1]))
s = d["summary"]
ids = collections.Counter(f["id"] for f in d["findings"])
print("%-10s %d files, %d assignments, %d findings (%d errors, %d warnings, %d notes): %s"
      % (sys.argv[2], s["files"], s["assignments"], len(d["findings"]), s["errors"],
         s["warnings"], s["notes"], " ".join("%s:%d" % kv for kv in sorted(ids.items()))))
EOF
}
precheck "lint:" "${LINT[@]}"
precheck "--root:" "${ROOTLINT[@]}"

# hyperfine -N runs the commands without a shell: the *.conf glob is
# expanded here, in name order, as the shell would.
hf lint -i -n "tcptune lint DIR" "${LINT[*]}" -n "awk -F= DIR/*.conf" "$AWK -F= '{print \$1}' $conf" \
	-n "tcptune lint --root" "${ROOTLINT[*]}"
echo
summary "$TMP/lint.json"
m_lint=$(median "$TMP/lint.json" 0)
m_awk=$(median "$TMP/lint.json" 1)
m_root=$(median "$TMP/lint.json" 2)

rss=$(peak_rss 0,1 "${LINT[@]}") || exit 2
rss_root=$(peak_rss 0,1 "${ROOTLINT[@]}") || exit 2

echo
echo "peak RSS measured with $(rss_label)"
check "median ratio lint/awk" "$(ratio "$m_lint" "$m_awk")" 2 x
check "peak RSS of lint" "$rss" 16384 KiB
printf '%-40s %10s %-4s (information)\n' "median ratio lint --root/awk" "$(ratio "$m_root" "$m_awk")" x
printf '%-40s %10s %-4s (information)\n' "peak RSS of lint --root" "$rss_root" KiB
if [ "$failed" -ne 0 ]; then
	echo "RESULT: FAIL"
	exit 1
fi
echo "RESULT: PASS"
