#!/usr/bin/env bash
# bench/plan.sh [TCPTUNE]: `tcptune plan web-frontend` against `sysctl -a`.
#
# Targets (the issue): plan's median wall time at most 0.1x that of
# `sysctl -a` on the same machine in the same run, and plan's peak RSS at
# most 4 MiB. Prints PASS/FAIL per target; exit 0 all met, 1 a target
# missed, 2 could not measure. See bench/README.md.
#
# TCPTUNE defaults to build/tcptune. Environment: RUNS (default 50, >= 30),
# WARMUP (3), RSS_RUNS (10), RSS_METHOD (time|ptrace|rusage), KEEP=1 keeps
# the hyperfine JSON, PROFILE (web-frontend).
set -eu
# shellcheck source=bench/lib.sh source-path=SCRIPTDIR/..
. "$(dirname "$0")/lib.sh"

bench_binary "${1:-}"
bench_require
command -v sysctl >/dev/null 2>&1 || die "sysctl is missing (package procps)"
SYSCTL=$(command -v sysctl)
PROFILE=${PROFILE:-web-frontend}

# --no-record: plan is read-only. As root, plain `tcptune plan` also writes
# the plan to /var/lib/tcptune for `tcptune apply`; that variant is measured
# below (into a temporary --state-dir) for information only.
PLAN=("$BIN" plan "$PROFILE" --no-record)

bench_header "tcptune plan $PROFILE vs sysctl -a"

code=0
"${PLAN[@]}" >/dev/null || code=$?
[ "$code" -eq 0 ] || die "${PLAN[*]} exited with $code"
code=0
"$SYSCTL" -a >/dev/null 2>&1 || code=$?
ign=()
if [ "$code" -ne 0 ]; then
	echo "note:      sysctl -a exits $code here; hyperfine runs with --ignore-failure"
	ign=(-i)
fi
echo "sysctl -a: $("$SYSCTL" -a 2>/dev/null | wc -l) keys ($("$SYSCTL" --version 2>&1 | head -n1))"

# tcptune --version is the floor: exec, dynamic linking and exit, no work.
hf plan "${ign[@]}" -n "tcptune plan $PROFILE" "${PLAN[*]}" -n "sysctl -a" "$SYSCTL -a" \
	-n "tcptune --version" "$BIN --version"
echo
summary "$TMP/plan.json"
m_plan=$(median "$TMP/plan.json" 0)
m_sysctl=$(median "$TMP/plan.json" 1)
r=$(ratio "$m_plan" "$m_sysctl")
r_floor=$(ratio "$(median "$TMP/plan.json" 2)" "$m_sysctl")

rss=$(peak_rss 0 "${PLAN[@]}") || exit 2

if [ "$(id -u)" -eq 0 ]; then
	mkdir -p "$TMP/state"
	hf record -n "plan (recording)" "$BIN plan $PROFILE --state-dir $TMP/state" \
		-n "sysctl -a" "$SYSCTL -a"
	r_rec=$(ratio "$(median "$TMP/record.json" 0)" "$(median "$TMP/record.json" 1)")
fi

echo
echo "peak RSS measured with $(rss_label)"
check "median ratio plan/sysctl -a" "$r" 0.1 x
check "peak RSS of plan" "$rss" 4096 KiB
printf '%-40s %10s %-4s (process start-up floor; information)\n' \
	"median ratio tcptune --version/sysctl -a" "$r_floor" x
if [ -n "${r_rec:-}" ]; then
	printf '%-40s %10s %-4s (as root, writing the plan; information)\n' \
		"median ratio plan (recording)/sysctl -a" "$r_rec" x
fi
if [ "$failed" -ne 0 ]; then
	echo "RESULT: FAIL"
	exit 1
fi
echo "RESULT: PASS"
