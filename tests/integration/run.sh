#!/bin/bash
# Integration tests: run the built binary for real.
# Usage: tests/integration/run.sh BUILD/tcptune [t_FILE.sh ...]
# Every function named test_* in tests/integration/t_*.sh runs in its own
# subshell with a fresh $TMP; it passes when it returns 0. Ends with
# "N passed, N failed, N skipped".
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: run.sh PATH/TO/tcptune [t_FILE.sh...]}
shift
TCPTUNE=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
REPO=$(cd "$here/../.." && pwd)
SHARED=${TCPTUNE_SHARED:-$REPO/../shared}
export TCPTUNE REPO SHARED
[ -x "$TCPTUNE" ] || { echo "no binary at $bin"; echo "0 passed, 1 failed"; exit 1; }

files=()
for f in "$@"; do
	# tests run from their own $TMP: make the names absolute first
	files+=("$(cd "$(dirname "$f")" && pwd)/$(basename "$f")")
done
[ ${#files[@]} -eq 0 ] && files=("$here"/t_*.sh)

passed=0 failed=0 skipped=0
for f in "${files[@]}"; do
	tests=$(bash -c "source '$here/lib.sh'; source '$f'; declare -F" | awk '$3 ~ /^test_/ {print $3}')
	for t in $tests; do
		log=$(mktemp)
		TMP=$(mktemp -d)
		chmod 755 "$TMP"
		(
			export TMP
			# plan records its plan as root: never in the host's /var/lib/tcptune
			export TCPTUNE_STATE_DIR="$TMP/.state"
			cd "$TMP" || exit 1
			# shellcheck source=/dev/null
			source "$here/lib.sh"
			# shellcheck source=/dev/null
			source "$f"
			"$t"
		) >"$log" 2>&1
		rc=$?
		name="$(basename "$f" .sh):$t"
		if [ $rc -eq 0 ]; then
			passed=$((passed + 1))
			echo "ok      $name"
		elif [ $rc -eq 77 ]; then
			skipped=$((skipped + 1))
			echo "skip    $name: $(tail -n1 "$log")"
		else
			failed=$((failed + 1))
			echo "FAIL    $name"
			sed 's/^/        | /' "$log" | tail -n 40
		fi
		rm -rf "$TMP" "$log"
	done
done
echo "$passed passed, $failed failed, $skipped skipped"
[ $failed -eq 0 ]
