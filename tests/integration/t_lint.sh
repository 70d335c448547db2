# Integration tests for `tcptune lint`: the corpus judged against the kernel
# facts, --kernel/--context, --root trees, every output format, exit codes,
# stdin, suppressions, .tcptune.yaml, hostile input and `tcptune rules`.
#
# Expected findings are derived from /work/shared/reference/kernel-knobs.md
# and ecosystem.md; line numbers are computed from the files, never hard-coded.

C=$SHARED/corpus

# lint ARGS...: tt lint, ignoring any .tcptune.yaml above $TMP
lint() {
	tt lint --no-config "$@"
}

# lineof FILE ERE: number of the first line of FILE matching ERE
lineof() {
	local n
	n=$(grep -nE -- "$2" "$1" | head -n1 | cut -d: -f1)
	[ -n "$n" ] || fail "no line matching '$2' in $1"
	echo "$n"
}

# flist JSON: one "ID LINE FILE" line per finding
flist() {
	/usr/bin/python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
for f in d["findings"]:
    print("%s %s %s" % (f["id"], f["line"], f["file"]))' "$1" || fail "not JSON: $(head -c 2000 "$1")"
}

# has_finding JSON ID LINE [FILE]: a finding with this id at this line (of FILE)
has_finding() {
	if [ $# -ge 4 ]; then
		flist "$1" | grep -qxF -- "$2 $3 $4" || fail "no $2 at $4:$3; findings: $(flist "$1" | tr '\n' ';')"
	else
		flist "$1" | grep -qE -- "^$2 $3 " || fail "no $2 at line $3; findings: $(flist "$1" | tr '\n' ';')"
	fi
}

# no_finding JSON ID [LINE]: no finding with this id (at this line)
no_finding() {
	if [ $# -ge 3 ]; then
		! flist "$1" | grep -qE -- "^$2 $3 " || fail "unexpected $2 at line $3; findings: $(flist "$1" | tr '\n' ';')"
	else
		! flist "$1" | grep -qE -- "^$2 " || fail "unexpected $2; findings: $(flist "$1" | tr '\n' ';')"
	fi
}

# check_set JSON "ID:LINE..." ["ID:LINE..."]: every required finding is
# present, and every finding is either required or in the tolerated list.
check_set() {
	/usr/bin/python3 - "$@" <<'EOF' || fail "findings of $1 are not the expected set (see above)"
import json, sys
d = json.load(open(sys.argv[1]))
req = set(sys.argv[2].split())
tol = set(sys.argv[3].split()) if len(sys.argv) > 3 else set()
got = set("%s:%d" % (f["id"], f["line"]) for f in d["findings"])
missing, extra = req - got, got - req - tol
if missing:
    print("missing:", sorted(missing))
if extra:
    print("unexpected:", sorted(extra))
sys.exit(1 if missing or extra else 0)
EOF
}

# rc_sane: the status of the last tt is a decision (0, 1, 2), never a crash
rc_sane() {
	case "$rc" in
	0 | 1 | 2) ;;
	*) fail "exit status $rc ($*): crash or signal; stderr: $(head -c 2000 "$TMP/err")" ;;
	esac
}

mem_kib() {
	awk '/^MemTotal:/ {print $2}' /proc/meminfo
}

# ---------------------------------------------------------------------------
# corpus: real configurations from the wild, judged for this machine
# ---------------------------------------------------------------------------

test_corpus_apache_timewait_2013() {
	local f=$C/apache-timewait-2013.conf req shield recycle range filemax val
	shield=$(lineof "$f" '^kernel\.exec-shield')
	recycle=$(lineof "$f" '^net\.ipv4\.tcp_tw_recycle')
	range=$(lineof "$f" '^net\.ipv4\.ip_local_port_range')
	filemax=$(lineof "$f" '^fs\.file-max')
	val=$(sed -n 's/^fs\.file-max *= *//p' "$f")
	lint --format json "$f"
	assert_rc 1
	# exec-shield never existed in mainline; tw_recycle is gone since 4.12 and
	# was harmful before; 2000/65000 have the same parity
	req="TT202:$shield TT202:$recycle TT501:$recycle TT402:$range"
	# fs.file-max below the kernel's own default (RAM/10 KiB) on this machine
	[ $(($(mem_kib) / 10)) -gt "$val" ] && req="$req TT506:$filemax"
	check_set "$TMP/out" "$req"
	has_finding "$TMP/out" TT202 "$shield" "$f"
	assert_eq "$(json "$TMP/out" "[x['key'] for x in d['findings'] if x['line']==$shield][0]")" kernel.exec-shield "key of the exec-shield finding"
	assert_eq "$(json "$TMP/out" "sorted(set(x['severity'] for x in d['findings'] if x['id'] in ('TT202','TT501')))")" '["error"]' "severity of TT202/TT501"
	assert_eq "$(json "$TMP/out" "d['summary']['failed']")" true "summary.failed"
}

test_corpus_apache_timewait_2014() {
	local f=$C/apache-timewait-2014.conf recycle fin range syn tw
	recycle=$(lineof "$f" '^net\.ipv4\.tcp_tw_recycle')
	fin=$(lineof "$f" '^net\.ipv4\.tcp_fin_timeout')
	range=$(lineof "$f" '^net\.ipv4\.ip_local_port_range')
	syn=$(lineof "$f" '^net\.ipv4\.tcp_max_syn_backlog')
	tw=$(lineof "$f" '^net\.ipv4\.tcp_max_tw_buckets')
	lint --format json "$f"
	assert_rc 1
	# fin_timeout 30 does not shorten TIME_WAIT; syn_backlog 8192 with
	# syncookies=1 sizes nothing; tw_buckets 5000 skips TIME_WAIT
	check_set "$TMP/out" "TT202:$recycle TT501:$recycle TT502:$fin TT402:$range TT407:$syn TT503:$tw"
	# tw_reuse=1 with timestamps on (default) is fine: no TT406
	no_finding "$TMP/out" TT406
}

test_corpus_syn_flood_443_2020() {
	local f=$C/syn-flood-443-2020.conf req ts fin reuse recycle rfc tw orphan syn eth
	ts=$(lineof "$f" '^net\.ipv4\.tcp_timestamps')
	fin=$(lineof "$f" '^net\.ipv4\.tcp_fin_timeout')
	reuse=$(lineof "$f" '^net\.ipv4\.tcp_tw_reuse')
	recycle=$(lineof "$f" '^net\.ipv4\.tcp_tw_recycle')
	rfc=$(lineof "$f" '^net\.ipv4\.tcp_rfc1337')
	tw=$(lineof "$f" '^net\.ipv4\.tcp_max_tw_buckets')
	orphan=$(lineof "$f" '^net\.ipv4\.tcp_orphan_retries')
	syn=$(lineof "$f" '^net\.ipv4\.tcp_max_syn_backlog')
	lint --format json "$f"
	assert_rc 1
	req="TT406:$reuse TT507:$ts TT502:$fin TT503:$tw TT504:$orphan TT505:$rfc TT202:$recycle TT407:$syn"
	# eth180 does not exist here (on a machine that has it, no TT205)
	if [ ! -d /proc/sys/net/ipv4/conf/eth180 ]; then
		for eth in $(grep -nE '^net\.ipv4\.conf\.eth180\.' "$f" | cut -d: -f1); do
			req="$req TT205:$eth"
		done
	fi
	# TT508 is defensible: the paragraph's comment is about a SYN flood
	check_set "$TMP/out" "$req" "TT508:$tw"
	# tw_recycle = 0: the key is gone (TT202) but the value is not the harmful one
	no_finding "$TMP/out" TT501
	assert_eq "$(json "$TMP/out" "[x['key'] for x in d['findings'] if x['id']=='TT406'][0]")" net.ipv4.tcp_tw_reuse "TT406 key"
}

test_corpus_text_format() {
	local f n
	for f in "$C"/*.conf; do
		lint --format json "$f"
		n=$(json "$TMP/out" "len(d['findings'])")
		lint "$f"
		assert_rc 1
		# one "FILE:LINE:COL: severity: message [ID]" line per finding, plus the summary
		assert_eq "$(grep -cE "^$(printf '%s' "$f" | sed 's/[.[\*^$]/\\&/g'):[0-9]+:[0-9]+: (error|warning|note): .* \[TT[0-9]{3}\]$" "$TMP/out")" "$n" "text lines for $f"
		assert_contains "$TMP/out" "in 1 file"
	done
}

# ---------------------------------------------------------------------------
# --kernel and --context
# ---------------------------------------------------------------------------

test_kernel_49_tw_recycle() {
	local f=$C/apache-timewait-2014.conf recycle
	recycle=$(lineof "$f" '^net\.ipv4\.tcp_tw_recycle')
	lint --format json --kernel 4.9 "$f"
	assert_rc 1
	no_finding "$TMP/out" TT202 "$recycle"	# the key exists on 4.9
	has_finding "$TMP/out" TT501 "$recycle"	# but 1 drops SYNs from NAT clients
	no_finding "$TMP/out" TT601		# no context declared
	lint --format json --kernel 4.9 --context nat "$f"
	assert_rc 1
	has_finding "$TMP/out" TT601 "$recycle"
	has_finding "$TMP/out" TT501 "$recycle"
	lint --format json --kernel 4.9 --context behind-nat "$f"
	has_finding "$TMP/out" TT601 "$recycle"
	# removed in 4.12: present on 4.11, gone on 4.12
	lint --format json --kernel 4.11 "$f"
	no_finding "$TMP/out" TT202 "$recycle"
	lint --format json --kernel 4.12 "$f"
	has_finding "$TMP/out" TT202 "$recycle"
	# TT601 only before 4.12, where the key still drops SYNs
	lint --format json --kernel 5.10 --context nat "$f"
	no_finding "$TMP/out" TT601
}

test_kernel_49_recycle_zero_and_never_existed() {
	local recycle shield
	recycle=$(lineof "$C/syn-flood-443-2020.conf" '^net\.ipv4\.tcp_tw_recycle')
	lint --format json --kernel 4.9 "$C/syn-flood-443-2020.conf"
	no_finding "$TMP/out" TT202 "$recycle"
	no_finding "$TMP/out" TT501 "$recycle"
	# no interface list without the machine: no TT205 for eth180
	no_finding "$TMP/out" TT205
	shield=$(lineof "$C/apache-timewait-2013.conf" '^kernel\.exec-shield')
	lint --format json --kernel 4.9 "$C/apache-timewait-2013.conf"
	has_finding "$TMP/out" TT202 "$shield"	# never in mainline, on any kernel
}

test_kernel_added_after_49() {
	local key=net.ipv4.tcp_syn_linear_timeouts added
	# the premise, from the catalog: the key has `added` later than 4.9
	added=$(grep -A8 -- "- key: $key\$" "$REPO"/schema/knobs/*.yaml | sed -n 's/.*added: "\([0-9.]*\)".*/\1/p' | head -n1)
	assert_eq "$added" 6.5 "added version of $key in schema/knobs"
	printf '# linear timeouts\n%s = 4\n' "$key" >new.conf
	lint --format json --kernel 4.9 new.conf
	assert_rc 1
	has_finding "$TMP/out" TT206 2 new.conf
	assert_contains "$TMP/out" "added in Linux 6.5"
	lint --format json --kernel 6.4 new.conf
	has_finding "$TMP/out" TT206 2
	lint --format json --kernel 6.5 new.conf
	no_finding "$TMP/out" TT206
	assert_rc 0
}

# ---------------------------------------------------------------------------
# --root: a whole tree the way systemd-sysctl and procps load it
# ---------------------------------------------------------------------------

# make_tree DIR: the four sysctl.d directories, a /dev/null mask, an empty-file
# mask, a same-name shadow, /etc/sysctl.conf (no 99-sysctl.conf link yet)
make_tree() {
	local r=$1
	mkdir -p "$r"/etc/sysctl.d "$r"/run/sysctl.d "$r"/usr/lib/sysctl.d "$r"/usr/local/lib/sysctl.d
	printf '# vendor defaults\nnet.core.somaxconn = 1024\nnet.ipv4.tcp_keepalive_time = 7200\n' >"$r"/usr/lib/sysctl.d/10-vendor.conf
	printf 'net.core.somaxconn = 2048\n' >"$r"/etc/sysctl.d/20-admin.conf
	# masked by a /dev/null link: its TT408 must never show
	printf 'net.ipv4.tcp_syncookies = 0\n' >"$r"/usr/lib/sysctl.d/30-masked.conf
	ln -s /dev/null "$r"/etc/sysctl.d/30-masked.conf
	# masked by an empty file: its TT504 must never show
	printf 'net.ipv4.tcp_orphan_retries = 0\n' >"$r"/usr/lib/sysctl.d/35-empty.conf
	: >"$r"/etc/sysctl.d/35-empty.conf
	# shadowed by /run: its TT507 must never show
	printf 'net.ipv4.tcp_timestamps = 0\n' >"$r"/usr/lib/sysctl.d/40-shadow.conf
	printf 'net.ipv4.tcp_timestamps = 1\n' >"$r"/run/sysctl.d/40-shadow.conf
	printf '\nnet.ipv4.tcp_fin_timeout = 30\n' >"$r"/usr/local/lib/sysctl.d/50-local.conf
}

test_root_tree_without_link() {
	local r=$TMP/root
	make_tree "$r"
	printf 'net.core.somaxconn = 8192\nvm.swappiness = 10\nnet.ipv4.tcp_keepalive_intvl = 30\nnet.ipv4.tcp_syn_retries = 05\n' >"$r"/etc/sysctl.conf
	lint --format json --root "$r"
	assert_rc 1
	# systemd: 20-admin.conf beats 10-vendor.conf
	has_finding "$TMP/out" TT107 2 "$r/usr/lib/sysctl.d/10-vendor.conf"
	assert_contains "$TMP/out" "overridden by $r/etc/sysctl.d/20-admin.conf:1"
	# procps applies /etc/sysctl.conf last; systemd never reads it without the link
	has_finding "$TMP/out" TT106 1 "$r/etc/sysctl.conf"	# somaxconn 2048 vs 8192
	has_finding "$TMP/out" TT106 2 "$r/etc/sysctl.conf"	# swappiness only in sysctl.conf
	has_finding "$TMP/out" TT106 3 "$r/etc/sysctl.conf"	# keepalive_intvl only in sysctl.conf
	has_finding "$TMP/out" TT106 4 "$r/etc/sysctl.conf"	# syn_retries only in sysctl.conf
	has_finding "$TMP/out" TT302 4 "$r/etc/sysctl.conf"
	has_finding "$TMP/out" TT502 2 "$r/usr/local/lib/sysctl.d/50-local.conf"
	# masked and shadowed files are not read at all
	no_finding "$TMP/out" TT408
	no_finding "$TMP/out" TT504
	no_finding "$TMP/out" TT507
	assert_not_contains "$TMP/out" "30-masked.conf"
	assert_not_contains "$TMP/out" "35-empty.conf"
	assert_not_contains "$TMP/out" "usr/lib/sysctl.d/40-shadow.conf"
	# nothing systemd does not load is reported as an override target
	no_finding "$TMP/out" TT107 1
	assert_eq "$(flist "$TMP/out" | grep -c '^TT107 ')" 1 "number of TT107"
	assert_eq "$(flist "$TMP/out" | grep -c '^TT106 ')" 4 "number of TT106"
	# 10-vendor, 20-admin, run/40-shadow, 50-local, sysctl.conf
	assert_eq "$(json "$TMP/out" "d['summary']['files']")" 5 "files loaded"
	# every finding points into the tree
	assert_eq "$(json "$TMP/out" "all(x['file'].startswith('$r/') for x in d['findings'])")" true "finding paths"
}

test_root_tree_with_99_sysctl_link() {
	local r=$TMP/root
	make_tree "$r"
	printf 'vm.swappiness = 10\nnet.ipv4.tcp_keepalive_intvl = 30\nnet.ipv4.tcp_keepalive_time = 300\nnet.ipv4.tcp_syn_retries = 05\n' >"$r"/etc/sysctl.conf
	ln -s ../sysctl.conf "$r"/etc/sysctl.d/99-sysctl.conf
	# sorts after 99-sysctl.conf: beats sysctl.conf under systemd, loses under procps
	printf 'net.ipv4.tcp_keepalive_intvl = 60\n' >"$r"/etc/sysctl.d/zz-late.conf
	lint --format json --root "$r"
	assert_rc 1
	has_finding "$TMP/out" TT107 2 "$r/usr/lib/sysctl.d/10-vendor.conf"
	# keepalive_time 7200 (vendor) is overridden by sysctl.conf through the link
	has_finding "$TMP/out" TT107 3 "$r/usr/lib/sysctl.d/10-vendor.conf"
	assert_contains "$TMP/out" "overridden by $r/etc/sysctl.d/99-sysctl.conf:3"
	# keepalive_intvl: 30 in sysctl.conf loses to zz-late.conf under systemd...
	has_finding "$TMP/out" TT107 2 "$r/etc/sysctl.d/99-sysctl.conf"
	# ...but wins under procps: the two disagree
	has_finding "$TMP/out" TT106 2 "$r/etc/sysctl.conf"
	assert_eq "$(flist "$TMP/out" | grep -c '^TT106 ')" 1 "number of TT106 (swappiness is read by both now)"
	# sysctl.conf is read twice (link and procps) but linted once
	assert_eq "$(flist "$TMP/out" | grep -c '^TT302 ')" 1 "number of TT302"
	no_finding "$TMP/out" TT408
	no_finding "$TMP/out" TT504
	no_finding "$TMP/out" TT507
	assert_not_contains "$TMP/out" "30-masked.conf"
	assert_not_contains "$TMP/out" "usr/lib/sysctl.d/40-shadow.conf"
	# 10-vendor, 20-admin, 40-shadow, 50-local, 99-sysctl (= sysctl.conf), zz-late
	assert_eq "$(json "$TMP/out" "d['summary']['files']")" 6 "files loaded"
}

test_root_override_chain_reports_every_loser() {
	# three files set the same key: both earlier lines lose at boot
	local r=$TMP/root
	mkdir -p "$r"/etc/sysctl.d "$r"/usr/lib/sysctl.d
	printf 'net.core.somaxconn = 1024\n' >"$r"/usr/lib/sysctl.d/10-a.conf
	printf 'net.core.somaxconn = 2048\n' >"$r"/etc/sysctl.d/20-b.conf
	printf 'net.core.somaxconn = 3000\n' >"$r"/etc/sysctl.d/30-c.conf
	lint --format json --root "$r"
	has_finding "$TMP/out" TT107 1 "$r/etc/sysctl.d/20-b.conf"
	has_finding "$TMP/out" TT107 1 "$r/usr/lib/sysctl.d/10-a.conf"
}

test_root_symlink_never_leaves_the_tree() {
	local r=$TMP/root marker
	marker=$(head -n1 /etc/passwd | cut -d: -f1-3)	# e.g. root:x:0
	[ -n "$marker" ] || skip "no /etc/passwd on this host"
	mkdir -p "$r"/etc/sysctl.d
	printf 'net.core.somaxconn = 4096\n' >"$r"/etc/sysctl.d/10-ok.conf
	ln -s /etc/passwd "$r"/etc/sysctl.d/60-passwd.conf
	ln -s ../../../../../../../../../../etc/passwd "$r"/etc/sysctl.d/61-dotdot.conf
	lint --format json --root "$r"
	assert_rc 2	# the links cannot be opened inside the tree
	assert_not_contains "$TMP/out" "$marker"
	assert_not_contains "$TMP/err" "$marker"
	# the host file would give "not an assignment" lines: none of those
	no_finding "$TMP/out" TT101
	assert_contains "$TMP/out" "$r/etc/sysctl.d/60-passwd.conf"
	assert_contains "$TMP/out" "$r/etc/sysctl.d/61-dotdot.conf"
	# now give the tree its own /etc/passwd: the links resolve to it
	mkdir -p "$r"/etc
	printf 'net.ipv4.tcp_fin_timeout = 45\n' >"$r"/etc/passwd
	lint --format json --root "$r"
	rc_sane root with its own passwd
	assert_not_contains "$TMP/out" "$marker"
	no_finding "$TMP/out" TT101
	if [ "$rc" -eq 1 ]; then	# openat2 RESOLVE_IN_ROOT (>= 5.6): both links are the tree's passwd
		# (one file read through two names; the relation finding sits on the later one)
		flist "$TMP/out" | grep -qE "^TT502 1 $r/etc/sysctl.d/6[01]-[a-z]+\\.conf\$" ||
			fail "the tree's own passwd was not read: $(flist "$TMP/out")"
	fi
	for f in "$TMP/out" "$TMP/err"; do
		assert_not_contains "$f" "$marker"
	done
}

test_root_fifo_does_not_hang() {
	local r=$TMP/root
	mkdir -p "$r"/etc/sysctl.d
	mkfifo "$r"/etc/sysctl.d/50-fifo.conf
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >"$r"/etc/sysctl.d/60-ok.conf
	timeout 20 "$TCPTUNE" lint --no-config --format json --root "$r" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -ne 124 ] || fail "lint --root hangs on a FIFO"
	assert_rc 2
	assert_contains "$TMP/out" "50-fifo.conf"
	has_finding "$TMP/out" TT502 1 "$r/etc/sysctl.d/60-ok.conf"
}

test_root_bad_tree() {
	lint --root "$TMP/does-not-exist"
	assert_rc 2
	assert_contains "$TMP/err" "$TMP/does-not-exist"
	# an empty tree: nothing to load, nothing wrong
	mkdir -p empty
	lint --format json --root empty
	assert_rc 0
	assert_eq "$(json "$TMP/out" "len(d['findings'])")" 0 "findings in an empty tree"
}

# ---------------------------------------------------------------------------
# SARIF
# ---------------------------------------------------------------------------

test_sarif_valid_against_official_schema() {
	local schema=$SHARED/reference/sarif-schema-2.1.0.json
	[ -f "$schema" ] || fail "no SARIF schema at $schema"
	/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || fail "python3 jsonschema is not installed"
	mkdir -p conf
	cp "$C"/*.conf conf/
	# relative paths, several files, every severity
	lint --format sarif conf/apache-timewait-2013.conf ./conf/syn-flood-443-2020.conf
	assert_rc 1
	cp "$TMP/out" sarif.json
	tt rules --format json
	assert_rc 0
	cp "$TMP/out" rules.json
	lint --format json conf/apache-timewait-2013.conf ./conf/syn-flood-443-2020.conf
	cp "$TMP/out" lint.json
	/usr/bin/python3 - "$schema" sarif.json rules.json lint.json <<'EOF' || fail "SARIF checks failed (see above)"
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
rules = json.load(open(sys.argv[3]))["rules"]
plain = json.load(open(sys.argv[4]))
bad = []
V = jsonschema.validators.validator_for(schema)	# the schema declares draft-04
V.check_schema(schema)
for e in V(schema, format_checker=V.FORMAT_CHECKER).iter_errors(doc):
    bad.append("schema: %s at %s" % (e.message, "/".join(map(str, e.absolute_path))))
if doc.get("version") != "2.1.0":
    bad.append("version %r" % doc.get("version"))
if "$schema" not in doc:
    bad.append("no $schema")
run = doc["runs"][0]
drv = run["tool"]["driver"]
if drv.get("name") != "tcptune":
    bad.append("driver.name %r" % drv.get("name"))
ids = [r["id"] for r in drv["rules"]]
want = [r["id"] for r in rules]
if sorted(ids) != sorted(want):
    bad.append("driver.rules %s != tcptune rules %s" % (sorted(set(ids) ^ set(want)), ""))
for r in drv["rules"]:
    for k in ("shortDescription", "fullDescription", "help"):
        if not r.get(k, {}).get("text", "").strip():
            bad.append("%s has no %s.text" % (r["id"], k))
    if not r.get("helpUri", "").startswith(("http://", "https://")):
        bad.append("%s helpUri %r" % (r["id"], r.get("helpUri")))
fix = {r["id"]: r["fix"].strip() for r in rules}
for r in drv["rules"]:
    if fix[r["id"]].split("\n")[0] not in r["help"]["text"]:
        bad.append("%s help does not contain the fix" % r["id"])
res = run["results"]
if len(res) != len(plain["findings"]):
    bad.append("%d results, %d JSON findings" % (len(res), len(plain["findings"])))
uris = set()
for x in res:
    if x["ruleId"] not in ids:
        bad.append("result rule %s not in driver.rules" % x["ruleId"])
    if "ruleIndex" in x and ids[x["ruleIndex"]] != x["ruleId"]:
        bad.append("ruleIndex %d is %s, not %s" % (x["ruleIndex"], ids[x["ruleIndex"]], x["ruleId"]))
    if x["level"] not in ("error", "warning", "note"):
        bad.append("level %r" % x["level"])
    if not x["message"]["text"]:
        bad.append("empty message")
    pl = x["locations"][0]["physicalLocation"]
    uri = pl["artifactLocation"]["uri"]
    uris.add(uri)
    if pl["region"]["startLine"] < 1:
        bad.append("startLine %r" % pl["region"]["startLine"])
if uris != {"conf/apache-timewait-2013.conf", "conf/syn-flood-443-2020.conf"}:
    bad.append("uris are not repo-relative: %s" % sorted(uris))
# same findings, same lines
a = sorted((f["id"], f["line"]) for f in plain["findings"])
b = sorted((x["ruleId"], x["locations"][0]["physicalLocation"]["region"]["startLine"]) for x in res)
if a != b:
    bad.append("SARIF results differ from JSON findings")
for m in bad:
    print(m)
sys.exit(1 if bad else 0)
EOF
}

test_sarif_clean_and_escaped_uri() {
	printf 'net.core.somaxconn = 4096\n' >'my file,1.conf'
	lint --format sarif 'my file,1.conf'
	assert_rc 0
	assert_eq "$(json "$TMP/out" "d['runs'][0]['results']")" '[]' "results of a clean file"
	assert_eq "$(json "$TMP/out" "d['version']")" 2.1.0 "version"
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >'my file,1.conf'
	lint --format sarif 'my file,1.conf'
	assert_rc 1
	assert_eq "$(json "$TMP/out" "d['runs'][0]['results'][0]['locations'][0]['physicalLocation']['artifactLocation']['uri']")" \
		'my%20file%2C1.conf' "percent-encoded uri"
}

# ---------------------------------------------------------------------------
# GitHub annotations
# ---------------------------------------------------------------------------

# gh_check FILE: every line is one well-formed annotation, sorted by severity,
# and every '%' is the start of an escape
gh_check() {
	/usr/bin/python3 - "$1" <<'EOF' || fail "bad GitHub annotations in $1: $(head -c 3000 "$1")"
import re, sys
lines = open(sys.argv[1], "rb").read().decode("utf-8", "replace").split("\n")
assert lines[-1] == "", "output does not end with a newline"
pat = re.compile(r"^::(error|warning|notice) file=[^,]*,line=[0-9]+(,col=[0-9]+)?,title=TT[0-9]{3}::(.*)$")
rank = {"error": 0, "warning": 1, "notice": 2}
prev, bad = 0, []
for l in lines[:-1]:
    m = pat.match(l)
    if not m:
        bad.append("malformed: %r" % l[:200]); continue
    if rank[m.group(1)] < prev:
        bad.append("out of order: %r" % l[:200])
    prev = rank[m.group(1)]
    if "\r" in l:
        bad.append("raw CR: %r" % l[:200])
    if re.search(r"%(?!25|0D|0A|3A|2C)", l):
        bad.append("unescaped %%: %r" % l[:200])
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
}

test_github_format_and_order() {
	local f n
	for f in "$C"/*.conf; do
		lint --format json "$f"
		n=$(json "$TMP/out" "len(d['findings'])")
		lint --format github "$f"
		assert_rc 1
		gh_check "$TMP/out"
		assert_eq "$(wc -l <"$TMP/out")" "$n" "annotations for $f"
	done
	# all three levels, in order
	lint --format github "$C/syn-flood-443-2020.conf" "$C/apache-timewait-2013.conf"
	gh_check "$TMP/out"
	assert_contains "$TMP/out" "::error "
	assert_contains "$TMP/out" "::warning "
	assert_contains "$TMP/out" "::notice "
	grep -q "^::warning file=$C/syn-flood-443-2020.conf,line=$(lineof "$C/syn-flood-443-2020.conf" '^net\.ipv4\.tcp_tw_reuse'),col=1,title=TT406::tcp_tw_reuse=1 " "$TMP/out" ||
		fail "no TT406 annotation: $(cat "$TMP/out")"
}

test_github_escaping() {
	local name='a,b:c.conf'
	printf 'net.core.somaxconn = 50%%\nnet.ipv4.tcp_fin_timeout = 30\n' >"$name"
	lint --format github "$name"
	assert_rc 1
	gh_check "$TMP/out"
	assert_eq "$(wc -l <"$TMP/out")" 2 "annotations"
	# properties: ',' and ':' escaped
	assert_contains "$TMP/out" "file=a%2Cb%3Ac.conf,line=1,"
	assert_contains "$TMP/out" "file=a%2Cb%3Ac.conf,line=2,"
	assert_not_contains "$TMP/out" "file=a,b"
	# message: '%' escaped, ':' left alone
	grep -q '^::error file=a%2Cb%3Ac.conf,line=1,col=[0-9]*,title=TT301::.*50%25' "$TMP/out" ||
		fail "TT301 message not escaped: $(cat "$TMP/out")"
	# a newline and a CR that reach a message: file names quoted in TT107
	# (a CR inside a value ends the line, as in systemd-sysctl)
	printf 'net.core.somaxconn = 1024\n' >x.conf
	printf 'net.core.somaxconn = 2048\n' >$'n\nl.conf'
	printf 'net.core.somaxconn = 12\n' >$'c\rr.conf'
	local n
	lint --format json x.conf $'n\nl.conf' $'c\rr.conf'
	n=$(json "$TMP/out" "len(d['findings'])")
	[ "$n" -ge 2 ] || fail "expected two TT107: $(cat "$TMP/out")"
	lint --format github x.conf $'n\nl.conf' $'c\rr.conf'
	gh_check "$TMP/out"
	assert_contains "$TMP/out" "n%0Al.conf"
	assert_contains "$TMP/out" "c%0Dr.conf"
	assert_eq "$(wc -l <"$TMP/out")" "$n" "one line per finding"
}

test_github_random_binary_stays_one_line_per_finding() {
	head -c 100000 /dev/urandom >rand.conf
	lint --format json rand.conf
	rc_sane random json
	local n
	n=$(json "$TMP/out" "len(d['findings'])")
	lint --format github rand.conf
	rc_sane random github
	gh_check "$TMP/out"
	assert_eq "$(wc -l <"$TMP/out")" "$n" "annotations for random bytes"
}

# ---------------------------------------------------------------------------
# GitLab Code Quality
# ---------------------------------------------------------------------------

# gl_check FILE: a valid Code Quality report with unique fingerprints
gl_check() {
	/usr/bin/python3 - "$1" <<'EOF' || fail "bad GitLab report $1: $(head -c 3000 "$1")"
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
if not isinstance(d, list):
    bad.append("not an array")
fps = [x.get("fingerprint") for x in d]
if len(set(fps)) != len(fps):
    bad.append("duplicate fingerprints")
for x in d:
    for k in ("description", "check_name", "fingerprint"):
        if not isinstance(x.get(k), str) or not x[k]:
            bad.append("missing %s in %r" % (k, x))
    if x.get("severity") not in ("info", "minor", "major", "critical", "blocker"):
        bad.append("severity %r" % x.get("severity"))
    loc = x.get("location", {})
    if not isinstance(loc.get("path"), str) or not loc["path"]:
        bad.append("location.path in %r" % x)
    b = loc.get("lines", {}).get("begin")
    if not isinstance(b, int) or b < 1:
        bad.append("location.lines.begin %r" % b)
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
}

test_gitlab_clean_is_empty_array() {
	printf 'net.core.somaxconn = 4096\n' >clean.conf
	lint --format gitlab clean.conf
	assert_rc 0
	assert_eq "$(tr -d ' \n' <"$TMP/out")" "[]" "report of a clean file"
	assert_eq "$(json "$TMP/out" "d")" "[]" "parsed report"
}

test_gitlab_report() {
	local f
	for f in "$C"/*.conf; do
		lint --format gitlab "$f"
		assert_rc 1
		gl_check "$TMP/out"
		lint --format json "$f"
		cp "$TMP/out" plain.json
		lint --format gitlab "$f"
		# same findings, same lines, severity mapped by level
		assert_eq "$(json "$TMP/out" "sorted((x['check_name'], x['location']['lines']['begin'], x['location']['path']) for x in d)")" \
			"$(json plain.json "sorted((x['id'], x['line'], x['file']) for x in d['findings'])")" "findings of $f"
		assert_eq "$(json "$TMP/out" "sorted(set((x['check_name'], x['severity']) for x in d if x['check_name'] in ('TT202','TT502','TT402')))")" \
			"$(json plain.json "sorted(set((x['id'], {'error':'major','warning':'minor','note':'info'}[x['severity']]) for x in d['findings'] if x['id'] in ('TT202','TT502','TT402')))")" "severity mapping"
	done
	# many identical findings in one file still get distinct fingerprints
	head -c 100000 /dev/urandom >rand.conf
	printf 'not an assignment\nnot an assignment\n' >>rand.conf
	lint --format gitlab rand.conf
	rc_sane gitlab random
	gl_check "$TMP/out"
}

test_gitlab_fingerprint_stable_when_lines_move() {
	cp "$C/syn-flood-443-2020.conf" s.conf
	lint --format gitlab s.conf
	cp "$TMP/out" before.json
	{ echo; cat "$C/syn-flood-443-2020.conf"; } >s.conf
	lint --format gitlab s.conf
	cp "$TMP/out" after.json
	gl_check after.json
	assert_eq "$(json after.json "sorted((x['check_name'], x['fingerprint']) for x in d)")" \
		"$(json before.json "sorted((x['check_name'], x['fingerprint']) for x in d)")" "fingerprints after a blank line at the top"
	assert_eq "$(json after.json "sorted(x['location']['lines']['begin'] - 1 for x in d)")" \
		"$(json before.json "sorted(x['location']['lines']['begin'] for x in d)")" "lines moved by one"
	# a blank line right above the finding itself
	cp "$C/apache-timewait-2014.conf" t.conf
	local fin
	fin=$(lineof t.conf '^net\.ipv4\.tcp_fin_timeout')
	lint --format gitlab t.conf
	cp "$TMP/out" before.json
	sed -i "${fin}i\\
" t.conf
	assert_eq "$(lineof t.conf '^net\.ipv4\.tcp_fin_timeout')" $((fin + 1)) "fin_timeout moved"
	lint --format gitlab t.conf
	assert_eq "$(json "$TMP/out" "[x['fingerprint'] for x in d if x['check_name']=='TT502']")" \
		"$(json before.json "[x['fingerprint'] for x in d if x['check_name']=='TT502']")" "TT502 fingerprint"
	assert_eq "$(json "$TMP/out" "[x['location']['lines']['begin'] for x in d if x['check_name']=='TT502']")" "[$((fin + 1))]" "TT502 line"
}

test_gitlab_fingerprint_stable_for_findings_that_quote_lines() {
	# TT103 names the first assignment's line: moving both must not change the fingerprint
	printf 'net.core.somaxconn = 1024\nnet.core.somaxconn = 2048\n' >dup.conf
	lint --format gitlab dup.conf
	cp "$TMP/out" before.json
	printf '\nnet.core.somaxconn = 1024\nnet.core.somaxconn = 2048\n' >dup.conf
	lint --format gitlab dup.conf
	assert_eq "$(json "$TMP/out" "[x['fingerprint'] for x in d if x['check_name']=='TT103']")" \
		"$(json before.json "[x['fingerprint'] for x in d if x['check_name']=='TT103']")" "TT103 fingerprint after a blank line at the top"
}

# ---------------------------------------------------------------------------
# JSON contract
# ---------------------------------------------------------------------------

test_json_contract() {
	mkdir -p d
	cp "$C"/*.conf d/
	printf 'no equals sign\nnet.core.somaxconn =\n' >d/zz-syntax.conf
	lint --format json d
	assert_rc 1
	/usr/bin/python3 - "$TMP/out" <<'EOF' || fail "JSON contract broken: $(head -c 3000 "$TMP/out")"
import json, sys
d = json.load(open(sys.argv[1]))
bad = []
if d.get("schema_version") != 1 or type(d.get("schema_version")) is not int:
    bad.append("schema_version %r" % d.get("schema_version"))
if d.get("tool", {}).get("name") != "tcptune":
    bad.append("tool.name")
fs = d["findings"]
if not fs:
    bad.append("no findings")
for f in fs:
    if set(f) != {"id", "severity", "file", "line", "column", "key", "message"}:
        bad.append("fields %s" % sorted(f))
        continue
    if not (isinstance(f["id"], str) and len(f["id"]) == 5 and f["id"].startswith("TT")):
        bad.append("id %r" % f["id"])
    if f["severity"] not in ("error", "warning", "note"):
        bad.append("severity %r" % f["severity"])
    if not isinstance(f["file"], str) or not f["file"].startswith("d/"):
        bad.append("file %r" % f["file"])
    if type(f["line"]) is not int or f["line"] < 1 or type(f["column"]) is not int or f["column"] < 1:
        bad.append("line/column %r %r" % (f["line"], f["column"]))
    if f["key"] is not None and not isinstance(f["key"], str):
        bad.append("key %r" % f["key"])
    if not isinstance(f["message"], str) or not f["message"]:
        bad.append("message %r" % f["message"])
s = d["summary"]
for sev, k in (("error", "errors"), ("warning", "warnings"), ("note", "notes")):
    n = sum(1 for f in fs if f["severity"] == sev)
    if s.get(k) != n:
        bad.append("summary.%s %r, counted %d" % (k, s.get(k), n))
if s.get("files") != 4:
    bad.append("summary.files %r" % s.get("files"))
if s.get("fail_on") != "warning" or s.get("failed") is not True:
    bad.append("fail_on/failed %r %r" % (s.get("fail_on"), s.get("failed")))
if not isinstance(s.get("assignments"), int) or s["assignments"] < 70:
    bad.append("assignments %r" % s.get("assignments"))
# TT101 on a line that has no key: key is null
t = [f for f in fs if f["id"] == "TT101"]
if not t or t[0]["key"] is not None or t[0]["line"] != 1:
    bad.append("TT101 %r" % t)
if not any(f["id"] == "TT102" and f["line"] == 2 for f in fs):
    bad.append("no TT102 at line 2")
# sorted by file, then line
order = [(f["file"], f["line"]) for f in fs]
if order != sorted(order):
    bad.append("findings not sorted by file and line")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
EOF
	lint --format json --fail-on none d
	assert_rc 0
	assert_eq "$(json "$TMP/out" "[d['summary']['fail_on'], d['summary']['failed']]")" '["none", false]' "summary with --fail-on none"
}

# ---------------------------------------------------------------------------
# exit status
# ---------------------------------------------------------------------------

test_exit_codes_by_threshold() {
	printf 'net.core.somaxconn = 4096\n' >clean.conf
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >warn.conf	# TT502 warning only
	printf 'net.ipv4.ip_local_port_range = 1024 65000\n' >note.conf	# TT402 note only
	printf 'net.ipv4.tcp_tw_recycle = 1\n' >err.conf
	lint clean.conf
	assert_rc 0
	assert_contains "$TMP/out" "no problems in 1 file"
	lint warn.conf
	assert_rc 1
	lint --fail-on error warn.conf
	assert_rc 0
	lint --fail-on error err.conf
	assert_rc 1
	lint note.conf
	assert_rc 0	# a note is below the default threshold
	lint --fail-on note note.conf
	assert_rc 1
	lint --fail-on none err.conf
	assert_rc 0
	lint --exit-zero err.conf
	assert_rc 0
	assert_contains "$TMP/out" "[TT501]"	# the findings are still printed
	lint --exit-zero --format json err.conf
	assert_eq "$(json "$TMP/out" "d['summary']['failed']")" true "failed is the threshold's verdict"
}

test_exit_unreadable_inputs_still_lint_the_rest() {
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >ok.conf
	lint --format json "$TMP/nope/missing.conf" ok.conf
	assert_rc 2
	assert_contains "$TMP/err" "$TMP/nope/missing.conf"
	assert_contains "$TMP/err" "No such file or directory"
	has_finding "$TMP/out" TT502 1 ok.conf
	# --exit-zero does not hide "could not lint"
	lint --exit-zero ok.conf "$TMP/nope/missing.conf"
	assert_rc 2
	# a FIFO named directly: no hang, not a regular file
	mkfifo pipe.conf
	timeout 20 "$TCPTUNE" lint --no-config --format json pipe.conf ok.conf >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -ne 124 ] || fail "lint hangs on a FIFO argument"
	assert_rc 2
	assert_contains "$TMP/err" "pipe.conf"
	has_finding "$TMP/out" TT502 1 ok.conf
}

test_exit_permission_denied() {
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >ok.conf
	printf 'net.core.somaxconn = 4096\n' >secret.conf
	chmod 000 secret.conf
	mkdir closed && printf 'net.core.somaxconn = 4096\n' >closed/a.conf && chmod 000 closed
	local pre=()
	if [ "$(id -u)" -eq 0 ]; then
		# root reads mode 000 files: run the binary as nobody instead
		setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null ||
			skip "running as root without setpriv: cannot make a file unreadable"
		pre=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	fi
	"${pre[@]}" "$TCPTUNE" lint --no-config --format json secret.conf ok.conf closed >"$TMP/out" 2>"$TMP/err"
	rc=$?
	assert_rc 2
	assert_contains "$TMP/err" "secret.conf"
	assert_contains "$TMP/err" "Permission denied"
	assert_contains "$TMP/err" "closed"
	has_finding "$TMP/out" TT502 1 ok.conf
}

test_exit_dir_without_conf_is_2() {
	# nothing to lint is not a pass: a typo in a CI path must not go green
	mkdir -p nothing-here && echo 'net.core.somaxconn = 1' >nothing-here/README
	printf 'net.core.somaxconn = 4096\n' >ok.conf
	lint nothing-here
	assert_rc 2
	assert_contains "$TMP/err" "nothing-here"
	lint --format json nothing-here ok.conf
	assert_rc 2
	assert_eq "$(json "$TMP/out" "d['summary']['files']")" 1 "ok.conf still linted"
}

test_exit_bad_usage() {
	printf 'net.core.somaxconn = 4096\n' >ok.conf
	mkdir -p root
	lint --no-such-option ok.conf
	assert_rc 2
	lint --format xml ok.conf
	assert_rc 2
	assert_contains "$TMP/err" "xml"
	lint --fail-on bogus ok.conf
	assert_rc 2
	lint
	assert_rc 2
	lint --root root ok.conf
	assert_rc 2
	lint --kernel four ok.conf
	assert_rc 2
	lint --context moon ok.conf
	assert_rc 2
	assert_contains "$TMP/err" "moon"
	# usage errors print nothing on stdout that a CI parser could take for a report
	lint --format json --fail-on bogus ok.conf
	assert_rc 2
	[ ! -s "$TMP/out" ] || fail "stdout on a usage error: $(cat "$TMP/out")"
}

# ---------------------------------------------------------------------------
# stdin
# ---------------------------------------------------------------------------

test_stdin_with_filename() {
	local fin
	fin=$(lineof "$C/apache-timewait-2014.conf" '^net\.ipv4\.tcp_fin_timeout')
	# a pipe on purpose (not a seekable file)
	# shellcheck disable=SC2002
	cat "$C/apache-timewait-2014.conf" | "$TCPTUNE" lint --no-config --format json - --stdin-filename 90-net.conf >"$TMP/out" 2>"$TMP/err"
	rc=${PIPESTATUS[1]}
	assert_rc 1
	has_finding "$TMP/out" TT502 "$fin" 90-net.conf
	assert_eq "$(json "$TMP/out" "sorted(set(x['file'] for x in d['findings']))")" '["90-net.conf"]' "files reported"
	# shellcheck disable=SC2002
	cat "$C/apache-timewait-2014.conf" | "$TCPTUNE" lint --no-config - --stdin-filename 90-net.conf >"$TMP/out" 2>"$TMP/err"
	assert_contains "$TMP/out" "90-net.conf:$fin:1: warning:"
	# without a name: a placeholder, still linted
	"$TCPTUNE" lint --no-config --format json - <"$C/apache-timewait-2014.conf" >"$TMP/out" 2>"$TMP/err"
	rc=$?
	assert_rc 1
	has_finding "$TMP/out" TT502 "$fin"
	# an empty stdin is a clean file
	"$TCPTUNE" lint --no-config - </dev/null >"$TMP/out" 2>"$TMP/err"
	rc=$?
	assert_rc 0
}

# ---------------------------------------------------------------------------
# suppressions
# ---------------------------------------------------------------------------

test_suppressions() {
	cat >s.conf <<'EOF'
# tcptune: disable-file=TT402
net.ipv4.ip_local_port_range = 1024 65000
# FIN_WAIT2 tuning on purpose
# tcptune: disable=TT502
net.ipv4.tcp_fin_timeout = 30
net.ipv4.tcp_keepalive_time = 600
# tcptune: disable=TT503
net.ipv4.tcp_keepalive_intvl = 30
net.ipv4.tcp_max_syn_backlog = 8192
EOF
	lint --format json s.conf
	no_finding "$TMP/out" TT502
	no_finding "$TMP/out" TT402
	# the TT503 suppression suppresses nothing: TT104 at its own line
	has_finding "$TMP/out" TT104 7 s.conf
	assert_eq "$(flist "$TMP/out" | grep -c '^TT104 ')" 1 "TT104 count"
	# unrelated findings stay
	has_finding "$TMP/out" TT407 9 s.conf
	# without the comments, the findings are there
	grep -v 'tcptune:' s.conf >plain.conf
	lint --format json plain.conf
	has_finding "$TMP/out" TT502 "$(lineof plain.conf tcp_fin_timeout)"
	has_finding "$TMP/out" TT402 "$(lineof plain.conf ip_local_port_range)"
	no_finding "$TMP/out" TT104
}

test_suppression_disable_file_removes_every_instance() {
	# several instances of one rule in one file: all go, the other file keeps its own
	cat >a.conf <<'EOF'
net.ipv4.tcp_syn_retries = 05
net.ipv4.tcp_synack_retries = 04
# tcptune: disable-file=TT302,TT402
net.ipv4.tcp_keepalive_probes = 07
net.ipv4.ip_local_port_range = 1024 65000
EOF
	printf 'net.ipv4.tcp_orphan_retries = 03\n' >b.conf
	lint --format json a.conf
	no_finding "$TMP/out" TT302
	no_finding "$TMP/out" TT402
	no_finding "$TMP/out" TT104
	lint --format json a.conf b.conf
	no_finding "$TMP/out" TT402
	assert_eq "$(flist "$TMP/out" | grep '^TT302 ')" "TT302 1 b.conf" "TT302 left"
	no_finding "$TMP/out" TT104
	grep -v tcptune: a.conf >plain.conf
	lint --format json plain.conf
	assert_eq "$(flist "$TMP/out" | grep -c '^TT302 ')" 3 "TT302 without the suppression"
	# a suppression of a rule that fired nowhere in the file
	printf '# tcptune: disable-file=TT301\nnet.core.somaxconn = 4096\n' >c.conf
	lint --format json c.conf
	has_finding "$TMP/out" TT104 1 c.conf
	assert_rc 0	# TT104 is a note
	# the relation finding for e.conf's winning line is not suppressed from d.conf
	printf 'net.ipv4.tcp_fin_timeout = 30\n# tcptune: disable-file=TT502\n' >d.conf
	printf 'net.ipv4.tcp_fin_timeout = 20\n' >e.conf
	lint --format json d.conf e.conf
	has_finding "$TMP/out" TT502 1 e.conf
	has_finding "$TMP/out" TT104 2 d.conf
	# an unknown id is named
	printf '# tcptune: disable=TT999\nnet.ipv4.tcp_fin_timeout = 30\n' >f.conf
	lint --format json f.conf
	has_finding "$TMP/out" TT104 1 f.conf
	has_finding "$TMP/out" TT502 2 f.conf
	assert_contains "$TMP/out" "TT999"
}

# ---------------------------------------------------------------------------
# .tcptune.yaml
# ---------------------------------------------------------------------------

test_config_file_searched_upward() {
	local recycle
	mkdir -p sub/dir
	cp "$C/apache-timewait-2014.conf" sub/dir/t.conf
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >sub/dir/w.conf
	recycle=$(lineof sub/dir/t.conf '^net\.ipv4\.tcp_tw_recycle')
	cd sub/dir || fail "cd"
	# fail-on: error: a warnings-only file passes
	printf 'fail-on: error\n' >"$TMP/.tcptune.yaml"
	tt lint w.conf
	assert_rc 0
	assert_contains "$TMP/out" "[TT502]"
	tt lint --fail-on warning w.conf	# the command line wins
	assert_rc 1
	tt lint --no-config w.conf
	assert_rc 1
	tt lint --format json w.conf
	assert_eq "$(json "$TMP/out" "d['summary']['fail_on']")" error "fail_on from the configuration"
	# disable: and kernel:
	printf 'disable: [TT402]\nkernel: "4.9"\n' >"$TMP/.tcptune.yaml"
	tt lint --format json t.conf
	assert_rc 1
	no_finding "$TMP/out" TT402
	no_finding "$TMP/out" TT202 "$recycle"	# judged for 4.9
	has_finding "$TMP/out" TT501 "$recycle"
	has_finding "$TMP/out" TT502 "$(lineof t.conf '^net\.ipv4\.tcp_fin_timeout')"
	tt lint --format json --kernel 6.1 t.conf	# the command line wins
	has_finding "$TMP/out" TT202 "$recycle"
	no_finding "$TMP/out" TT402	# disable still applies
	tt lint --no-config --format json t.conf
	has_finding "$TMP/out" TT202 "$recycle"
	has_finding "$TMP/out" TT402 "$(lineof t.conf '^net\.ipv4\.ip_local_port_range')"
	# a nearer configuration wins over the outer one
	printf 'fail-on: none\n' >"$TMP/sub/.tcptune.yaml"
	tt lint w.conf
	assert_rc 0
	tt lint --config "$TMP/.tcptune.yaml" --format json t.conf
	no_finding "$TMP/out" TT402
}

test_config_broken_is_exit_2() {
	mkdir -p sub/dir
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >sub/dir/w.conf
	cd sub/dir || fail "cd"
	printf 'fail-on: [\n' >"$TMP/.tcptune.yaml"
	tt lint w.conf
	assert_rc 2
	assert_contains "$TMP/err" "$TMP/.tcptune.yaml"
	tt lint --no-config w.conf
	assert_rc 1
	printf 'fail-on: sometimes\n' >"$TMP/.tcptune.yaml"
	tt lint w.conf
	assert_rc 2
	assert_contains "$TMP/err" "$TMP/.tcptune.yaml"
	printf 'kernel: 4.9\nunknown-field: 1\n' >"$TMP/.tcptune.yaml"
	tt lint w.conf
	assert_rc 2
	assert_contains "$TMP/err" "unknown-field"
	tt lint --config "$TMP/none.yaml" w.conf
	assert_rc 2
	assert_contains "$TMP/err" "$TMP/none.yaml"
}

# ---------------------------------------------------------------------------
# hostile input: never a crash, always a finding or an error
# ---------------------------------------------------------------------------

test_robust_10mb_single_line() {
	/usr/bin/python3 -c 'import sys; sys.stdout.write("net.core.somaxconn = " + "9" * (10 << 20) + "\n")' >long.conf
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >>long.conf
	lint --format json long.conf
	rc_sane long line
	assert_rc 1
	has_finding "$TMP/out" TT101 1 long.conf
	has_finding "$TMP/out" TT502 2 long.conf	# reading goes on after the long line
	[ "$(wc -c <"$TMP/out")" -lt 100000 ] || fail "the long line is echoed into the report"
}

test_robust_over_64_mib() {
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >ok.conf
	truncate -s 65M big.conf
	lint --format json big.conf ok.conf
	rc_sane big file
	assert_rc 2
	assert_contains "$TMP/err" "big.conf"
	assert_contains "$TMP/err" "64 MiB"
	has_finding "$TMP/out" TT502 1 ok.conf
}

test_robust_random_binary() {
	head -c 100000 /dev/urandom >rand.conf
	local fmt
	for fmt in json text sarif github gitlab; do
		lint --format "$fmt" rand.conf
		rc_sane "random bytes, $fmt"
		[ "$rc" -ne 0 ] || fail "random bytes judged clean"
	done
	lint --format json rand.conf
	assert_eq "$(json "$TMP/out" "len(d['findings']) > 0 and all(x['line'] >= 1 for x in d['findings'])")" true "findings on random bytes"
}

test_robust_nul_bytes() {
	printf 'net.core.somaxconn = 1\0000\nnet.ipv4.tcp_fin_timeout = 30\n\000\000\000\n' >nul.conf
	lint --format json nul.conf
	rc_sane NUL
	assert_rc 1
	has_finding "$TMP/out" TT101 1 nul.conf
	has_finding "$TMP/out" TT502 2 nul.conf
	has_finding "$TMP/out" TT101 3 nul.conf
	assert_contains "$TMP/out" "NUL"
}

test_robust_crlf_and_bom() {
	printf 'net.ipv4.tcp_fin_timeout = 30\r\nnet.core.somaxconn = 4096\r\n# c\r\nnet.ipv4.ip_local_port_range = 1024 65001\r\n' >crlf.conf
	lint --format json crlf.conf
	rc_sane CRLF
	assert_rc 1
	check_set "$TMP/out" "TT502:1"	# no TT301 for "4096\r", nothing else
	printf '\xef\xbb\xbfnet.ipv4.tcp_fin_timeout = 30\nnet.core.somaxconn = 4096\n' >bom.conf
	lint --format json bom.conf
	rc_sane BOM
	assert_rc 1
	check_set "$TMP/out" "TT502:1"	# the BOM is not part of the key
	assert_eq "$(json "$TMP/out" "d['findings'][0]['key']")" net.ipv4.tcp_fin_timeout "key after a BOM"
	printf '\xef\xbb\xbfnet.core.somaxconn = 4096\r\n' >both.conf
	lint both.conf
	assert_rc 0
}

test_robust_symlink_loop_in_directory() {
	mkdir loop
	ln -s b.conf loop/a.conf
	ln -s a.conf loop/b.conf
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >loop/c.conf
	timeout 20 "$TCPTUNE" lint --no-config --format json loop >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -ne 124 ] || fail "lint hangs on a symlink loop"
	rc_sane symlink loop
	assert_rc 2
	assert_contains "$TMP/err" "loop/a.conf"
	assert_contains "$TMP/err" "loop/b.conf"
	assert_contains "$TMP/err" "Too many levels of symbolic links"
	has_finding "$TMP/out" TT502 1 loop/c.conf
	# in a --root tree too
	mkdir -p r/etc/sysctl.d
	ln -s b.conf r/etc/sysctl.d/a.conf
	ln -s a.conf r/etc/sysctl.d/b.conf
	cp loop/c.conf r/etc/sysctl.d/c.conf
	timeout 20 "$TCPTUNE" lint --no-config --format json --root r >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -ne 124 ] || fail "lint --root hangs on a symlink loop"
	assert_rc 2
	has_finding "$TMP/out" TT502 1 r/etc/sysctl.d/c.conf
	assert_contains "$TMP/out" "r/etc/sysctl.d/a.conf"
}

test_robust_fifo_in_directory() {
	mkdir d
	mkfifo d/x.conf
	printf 'net.ipv4.tcp_fin_timeout = 30\n' >d/y.conf
	timeout 20 "$TCPTUNE" lint --no-config --format json d >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -ne 124 ] || fail "lint hangs on a FIFO in a directory"
	assert_rc 2
	assert_contains "$TMP/err" "d/x.conf"
	assert_contains "$TMP/err" "not a regular file"
	has_finding "$TMP/out" TT502 1 d/y.conf
}

test_robust_nested_globs_do_not_crash() {
	{
		echo 'net.*.*.*.*.*.*.*.*.* = 1'
		/usr/bin/python3 -c 'print("net." + ".".join(["*"] * 3000) + " = 1")'
		/usr/bin/python3 -c 'print("net.ipv4." + "*" * 3000 + "x = 1")'
		/usr/bin/python3 -c 'print("net." + "[" * 1000 + " = 1")'
		echo 'net.ipv4.tcp_fin_timeout = 30'
	} >g.conf
	timeout 20 "$TCPTUNE" lint --no-config --format json g.conf >"$TMP/out" 2>"$TMP/err"
	rc=$?
	[ "$rc" -ne 124 ] || fail "glob matching takes forever"
	rc_sane nested globs
	has_finding "$TMP/out" TT502 5 g.conf
	timeout 20 "$TCPTUNE" lint --no-config --format json --kernel 6.1 g.conf >"$TMP/out" 2>"$TMP/err"
	rc=$?
	rc_sane nested globs for 6.1
	# for a kernel version, globs are matched against the catalog: nothing has 10 levels
	has_finding "$TMP/out" TT105 1 g.conf
}

test_glob_matching_nothing_on_this_machine() {
	# systemd expands globs under /proc/sys one path level per '*':
	# no key in /proc/sys/net is 10 levels deep
	[ -z "$(find /proc/sys/net -mindepth 9 2>/dev/null | head -n1)" ] || skip "this machine has 10-level net keys"
	printf 'net.*.*.*.*.*.*.*.*.* = 1\n' >g.conf
	lint --format json g.conf
	rc_sane
	has_finding "$TMP/out" TT105 1 g.conf
}

test_glob_exclusion_of_existing_key() {
	# the sysctl.d(5) idiom: set every interface, exclude one that exists
	[ -e /proc/sys/net/ipv4/conf/lo/rp_filter ] || skip "no lo here"
	printf 'net.ipv4.conf.*.rp_filter = 2\n-net.ipv4.conf.lo.rp_filter\n' >g.conf
	lint --format json g.conf
	assert_rc 0
	no_finding "$TMP/out" TT105
}

# ---------------------------------------------------------------------------
# tcptune rules
# ---------------------------------------------------------------------------

test_rules_lists_every_id() {
	local want got
	want=$(grep -oE '^[[:space:]]*- id: TT[0-9]{3}' "$REPO/schema/rules.yaml" | grep -oE 'TT[0-9]{3}' | sort)
	[ "$(echo "$want" | wc -l)" -ge 40 ] || fail "too few ids in rules.yaml: $want"
	tt rules
	assert_rc 0
	got=$(awk '{print $1}' "$TMP/out" | grep -E '^TT[0-9]{3}$' | sort)
	assert_eq "$got" "$want" "ids of tcptune rules vs schema/rules.yaml"
	# each line: id, severity, category, summary
	assert_eq "$(grep -cE '^TT[0-9]{3} +(error|warning|note) +(syntax|key|value|relation|folklore|context) +[^ ]' "$TMP/out")" \
		"$(echo "$want" | wc -l)" "well-formed rule lines"
	grep -qE '^TT406 +warning +relation +tcp_tw_reuse is enabled but tcp_timestamps is 0' "$TMP/out" || fail "TT406 line: $(grep TT406 "$TMP/out")"
	tt rules --format json
	assert_rc 0
	assert_eq "$(json "$TMP/out" "'\n'.join(sorted(r['id'] for r in d['rules']))")" "$want" "ids of --format json"
	assert_eq "$(json "$TMP/out" "all(r['summary'] and r['description'] and r['fix'] and r['severity'] in ('error','warning','note') for r in d['rules'])")" true "rule fields"
	assert_eq "$(json "$TMP/out" "[r['severity'] for r in d['rules'] if r['id']=='TT501']")" '["error"]' "TT501 severity"
}

test_rules_one_rule_full_text() {
	tt rules TT406
	assert_rc 0
	assert_contains "$TMP/out" "TT406"
	assert_contains "$TMP/out" "tcp_tw_reuse is enabled but tcp_timestamps is 0"
	assert_contains "$TMP/out" "tcp_twsk_unique()"	# the description
	assert_contains "$TMP/out" "Fix"
	assert_contains "$TMP/out" "Turn timestamps back on (net.ipv4.tcp_timestamps = 1, the default)"
	assert_contains "$TMP/out" "net.ipv4.tcp_timestamps"
	tt rules TT999
	assert_rc 2
	assert_contains "$TMP/err" "TT999"
	[ ! -s "$TMP/out" ] || fail "stdout for an unknown rule: $(cat "$TMP/out")"
}

test_rules_markdown_matches_docs() {
	tt rules --format markdown
	assert_rc 0
	local id
	for id in $(grep -oE '^[[:space:]]*- id: TT[0-9]{3}' "$REPO/schema/rules.yaml" | grep -oE 'TT[0-9]{3}'); do
		grep -q "\[$id\](#$(echo "$id" | tr '[:upper:]' '[:lower:]'))" "$TMP/out" || fail "markdown index lacks $id"
	done
	[ -f "$REPO/docs/rules.md" ] || skip "docs/rules.md does not exist yet: markdown output not compared"
	cmp -s "$TMP/out" "$REPO/docs/rules.md" ||
		fail "docs/rules.md differs from \`tcptune rules --format markdown\`: $(diff "$REPO/docs/rules.md" "$TMP/out" | head -n 20)"
}
