# No leaks and no memory errors under valgrind, for each command on its main
# paths (the ASan+UBSan binary covers the rest of the suite).

# vg ARGS...: run tcptune under valgrind; fail on any error or leak.
vg() {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[ -n "${TCPTUNE_SANITIZED:-}" ] && skip "valgrind cannot run an ASan binary"
	valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
		--error-exitcode=99 "$TCPTUNE" "$@" >"$TMP/out" 2>"$TMP/vg"
	rc=$?
	[ "$rc" -ne 99 ] || fail "valgrind found errors in 'tcptune $*': $(head -c 3000 "$TMP/vg")"
	! grep -q "==[0-9]*==" "$TMP/vg" || fail "valgrind reported for 'tcptune $*': $(head -c 3000 "$TMP/vg")"
}

test_valgrind_read_only_commands() {
	vg plan web-frontend --no-record
	assert_eq "$rc" 0 "plan exit status"
	vg plan squid-proxy --format json --no-record
	vg explain net.ipv4.tcp_fin_timeout --format json
	vg explain net.ipv4.tcp_fin_timout
	assert_eq "$rc" 2 "explain of an unknown key"
	vg profiles --format json
	vg profile show load-balancer
	vg rules TT406
	vg selfcheck
	assert_eq "$rc" 0 "selfcheck exit status"
}

test_valgrind_lint_every_format() {
	local f
	for f in text json sarif github gitlab; do
		vg lint --no-config --format "$f" "$SHARED"/corpus/*.conf
		assert_eq "$rc" 1 "lint --format $f"
	done
	mkdir -p root/etc/sysctl.d
	cp "$SHARED/corpus/apache-timewait-2014.conf" root/etc/sysctl.conf
	ln -s ../sysctl.conf root/etc/sysctl.d/99-sysctl.conf
	vg lint --no-config --root root --kernel 4.9 --context nat
}

test_valgrind_bad_inputs() {
	printf 'name: x\ndescription: y\nsettings:\n  net.ipv4.tcp_tw_recycle: {value: 1, why: no}\n  bogus.key: {value: 1}\n' >bad.yaml
	vg profile validate bad.yaml
	assert_eq "$rc" 1 "validate of a bad profile"
	head -c 20000 /dev/urandom >binary.conf
	vg lint --no-config binary.conf
	vg plan ./does-not-exist.yaml
}

test_valgrind_apply_rollback_in_sandbox() {
	command -v valgrind >/dev/null || skip "valgrind is not installed"
	[ -n "${TCPTUNE_SANITIZED:-}" ] && skip "valgrind cannot run an ASan binary"
	require_sandbox
	# inside, only the namespace's tmpfs is writable: the log goes to /run, then to stdout
	sandbox '
		for args in "apply web-frontend" "verify" "history" "rollback" "rollback"; do
			valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
				--error-exitcode=99 '"$TCPTUNE"' $args >/dev/null 2>>/run/vg.log
			echo "$args: $?"
		done
		grep "==[0-9]*==" /run/vg.log | sed "s/^/VG /"' >"$TMP/rcs" 2>&1
	assert_contains "$TMP/rcs" "apply web-frontend: 0"
	assert_contains "$TMP/rcs" "verify: 0"
	assert_contains "$TMP/rcs" "rollback: 0"
	! grep -q ": 99" "$TMP/rcs" || fail "valgrind found errors: $(cat "$TMP/rcs")"
	! grep -q "^VG " "$TMP/rcs" || fail "valgrind reported: $(head -c 3000 "$TMP/rcs")"
}
