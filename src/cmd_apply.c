// SPDX-License-Identifier: GPL-2.0-or-later
/* tcptune apply / rollback / history / verify: transactions on this kernel. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "caps.h"
#include "commands.h"
#include "key.h"
#include "resolve.h"
#include "state.h"
#include "term.h"
#include "txn.h"

#define EXIT_NOT_RESTORED 3	/* failed, and putting things back failed too */

static const char apply_usage[] =
	"Usage: tcptune apply [OPTIONS] [PROFILE]\n"
	"\n"
	"Apply a profile as one transaction: snapshot the current values and the drop-in\n"
	"first, write the runtime values through /proc/sys (each read back), then write\n"
	"the drop-in atomically so boot reproduces them. Any failure restores everything\n"
	"from the snapshot. Without PROFILE, apply the plan that `tcptune plan` recorded\n"
	"(as root), after checking the kernel has not changed since.\n"
	"\n"
	"Options:\n"
	"  --dry-run               show what would change; write nothing, need no privileges\n"
	"  --detailed-exitcode     exit 0 when nothing changes, 2 when something changed (or\n"
	"                          would, with --dry-run), 1 on error (3 still means a\n"
	"                          restore failed too)\n"
	"  --dropin PATH           the drop-in to write (default /etc/sysctl.d/90-tcptune.conf)\n"
	"  --strict                fail (and restore) when a file loaded later at boot would\n"
	"                          override one of these values\n"
	"  --wait SECONDS          wait this long for another apply or rollback (default 10)\n"
	"  --keep N                transactions to keep in the history (default 50)\n"
	"  --format text|json      output format (default: text)\n"
	"  --state-dir DIR         state directory (default /var/lib/tcptune)\n"
	"  --profile-dir DIR       look for profiles in DIR first\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 applied or nothing to do, 1 failed with everything restored (or\n"
	"nothing started), 2 usage error, 3 failed and restoring failed too: run\n"
	"`tcptune rollback`.\n";

static const char rollback_usage[] =
	"Usage: tcptune rollback [OPTIONS] [ID]\n"
	"\n"
	"Undo an applied transaction exactly: restore the runtime values and the drop-in\n"
	"(its previous bytes, or its absence) recorded in its snapshot. Without ID: an\n"
	"interrupted transaction if there is one (restoring the state before it), else\n"
	"the newest apply (an apply that failed and was restored at once is passed\n"
	"over); if that one was already rolled back, there is nothing to do. If someone\n"
	"changed one of those keys since, show it and refuse unless --force. The\n"
	"rollback is recorded as a transaction itself; rolling back twice does nothing.\n"
	"\n"
	"Options:\n"
	"  --force                 restore even keys someone changed since the apply\n"
	"  --wait SECONDS          wait this long for another apply or rollback (default 10)\n"
	"  --keep N                transactions to keep in the history (default 50)\n"
	"  --format text|json      output format (default: text)\n"
	"  --state-dir DIR         state directory (default /var/lib/tcptune)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 rolled back or nothing to do, 1 refused or failed with nothing\n"
	"changed, 2 usage error, 3 failed and restoring failed too.\n";

static const char history_usage[] =
	"Usage: tcptune history [OPTIONS]\n"
	"\n"
	"List transactions, newest first: id, time, kind, profile, keys changed, state\n"
	"(committed, pending = interrupted, rolled-back = failed and restored, undone =\n"
	"rolled back later).\n"
	"\n"
	"Options:\n"
	"  --keep N                prune all but the newest N finished transactions\n"
	"  --format text|json      output format (default: text)\n"
	"  --state-dir DIR         state directory (default /var/lib/tcptune)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 listed (also when there is none yet), 1 the state directory\n"
	"cannot be used, 2 usage error.\n";

static const char verify_usage[] =
	"Usage: tcptune verify [OPTIONS]\n"
	"\n"
	"For the newest applied transaction, compare each key's applied value with the\n"
	"running kernel and with the value boot would load (systemd-sysctl and procps,\n"
	"with the file and line that wins). Every mismatch is shown.\n"
	"\n"
	"Options:\n"
	"  --format text|json      output format (default: text)\n"
	"  --state-dir DIR         state directory (default /var/lib/tcptune)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 all agree (or nothing applied yet), 1 drift or an error (the\n"
	"state directory or /proc/sys cannot be read), 2 usage error.\n";

struct opts {
	enum out_format fmt;
	bool dry_run, detailed, strict, force, keep_given;
	const char *dropin;
	double wait;
	int keep;
};

enum {
	O_DRY_RUN = OPT_FIRST_COMMAND_OPT, O_DROPIN, O_STRICT, O_WAIT, O_KEEP, O_FORCE,
};

/* Which options each of the four commands takes (the others are refused). */
enum {
	A_FORMAT = 1 << 0, A_DETAILED = 1 << 1, A_PROFILE_DIR = 1 << 2, A_DRY_RUN = 1 << 3,
	A_DROPIN = 1 << 4, A_STRICT = 1 << 5, A_WAIT = 1 << 6, A_KEEP = 1 << 7, A_FORCE = 1 << 8,
};
#define APPLY_OPTS (A_FORMAT | A_DETAILED | A_PROFILE_DIR | A_DRY_RUN | A_DROPIN | A_STRICT | A_WAIT | A_KEEP)
#define ROLLBACK_OPTS (A_FORMAT | A_WAIT | A_KEEP | A_FORCE)
#define HISTORY_OPTS (A_FORMAT | A_KEEP)
#define VERIFY_OPTS (A_FORMAT)

static const struct option apply_opts[] = {
	COMMON_LONGOPTS,
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "detailed-exitcode", no_argument, NULL, OPT_DETAILED_EXITCODE },
	{ "profile-dir", required_argument, NULL, OPT_PROFILE_DIR },
	{ "dry-run", no_argument, NULL, O_DRY_RUN },
	{ "dropin", required_argument, NULL, O_DROPIN },
	{ "strict", no_argument, NULL, O_STRICT },
	{ "wait", required_argument, NULL, O_WAIT },
	{ "keep", required_argument, NULL, O_KEEP },
	{ "force", no_argument, NULL, O_FORCE },
	{ NULL, 0, NULL, 0 },
};

/* Parse the options of the four commands; returns -1 for --help, 0, or an exit code. */
static int parse(const char *cmd, const char *usage, unsigned allowed, int argc, char **argv, struct opts *o)
{
	char *end;
	int c, r;

	memset(o, 0, sizeof(*o));
	o->fmt = FMT_TEXT;
	o->wait = 10;
	o->keep = STATE_DEFAULT_KEEP;
	o->dropin = DROPIN_DEFAULT_PATH;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", apply_opts, NULL)) != -1) {
		static const struct { int opt; unsigned bit; } bits[] = {
			{ OPT_FORMAT, A_FORMAT }, { OPT_DETAILED_EXITCODE, A_DETAILED },
			{ OPT_PROFILE_DIR, A_PROFILE_DIR }, { O_DRY_RUN, A_DRY_RUN }, { O_DROPIN, A_DROPIN },
			{ O_STRICT, A_STRICT }, { O_WAIT, A_WAIT }, { O_KEEP, A_KEEP }, { O_FORCE, A_FORCE },
		};
		size_t b;

		r = app_common_option(cmd, c, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		for (b = 0; b < ARRAY_SIZE(bits); b++)
			if (bits[b].opt == c && !(allowed & bits[b].bit))
				return usage_error(cmd, "%s does not take %s", cmd, argv[optind - 1]);
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return -1;
		case OPT_FORMAT:
			if (format_parse(cmd, optarg, FMT_TEXT | FMT_JSON, &o->fmt))
				return EXIT_USAGE;
			break;
		case OPT_DETAILED_EXITCODE:
			o->detailed = true;
			break;
		case OPT_PROFILE_DIR:
			app.profile_dir = optarg;
			break;
		case O_DRY_RUN:
			o->dry_run = true;
			break;
		case O_DROPIN:
			o->dropin = optarg;
			break;
		case O_STRICT:
			o->strict = true;
			break;
		case O_WAIT:
			o->wait = strtod(optarg, &end);
			if (*end || end == optarg || o->wait < 0 || o->wait > 86400)
				return usage_error(cmd, "--wait takes seconds from 0 to 86400");
			break;
		case O_KEEP:
			o->keep = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || o->keep < 1 || o->keep > 100000)
				return usage_error(cmd, "--keep takes a number from 1 to 100000");
			o->keep_given = true;
			break;
		case O_FORCE:
			o->force = true;
			break;
		default:
			return usage_error(cmd, "unknown option");
		}
	}
	return 0;
}

/* Open and lock the state directory, refusing while a transaction is pending. */
static int open_locked(struct state *st, const struct opts *o, bool allow_pending)
{
	char err[512], *pending;
	pid_t holder = 0;
	int r;

	r = state_open(st, app_state_dir(), true, err, sizeof(err));
	if (r) {
		errorf("%s", err);
		return EXIT_FAIL;
	}
	r = state_lock(st, o->wait, &holder);
	if (r == -EWOULDBLOCK) {
		char who[32] = "";

		if (holder > 0)
			snprintf(who, sizeof(who), " (pid %d)", (int)holder);
		errorf("another tcptune apply or rollback%s holds %s/lock; waited %.1f s (--wait SECONDS to wait longer)",
		       who, st->path, o->wait);
		state_close(st);
		return EXIT_FAIL;
	}
	if (r) {
		errorf("cannot lock %s: %s", st->path, strerror(-r));
		state_close(st);
		return EXIT_FAIL;
	}
	pending = allow_pending ? NULL : txn_find_pending(st);
	if (pending) {
		errorf("transaction %s was interrupted and is still pending: run `tcptune rollback` to restore the state before it, then apply again",
		       pending);
		free(pending);
		state_close(st);
		return EXIT_FAIL;
	}
	return 0;
}

/*
 * Would plain permission bits let this process write into dir? Asked
 * without capabilities: a check made while holding CAP_DAC_OVERRIDE would
 * always say yes, and the capability would then be dropped.
 */
static bool writable_by_mode(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return false;
	if (st.st_uid == geteuid())
		return st.st_mode & S_IWUSR;
	if (st.st_gid == getegid() || group_member(st.st_gid))
		return st.st_mode & S_IWGRP;
	return st.st_mode & S_IWOTH;
}

/* The directory the state directory lives in (where it may be created). */
static const char *state_parent(void)
{
	static char buf[4096];
	char *slash;

	snprintf(buf, sizeof(buf), "%s", app_state_dir());
	if (access(buf, F_OK) == 0)
		return buf;	/* it exists: writing goes inside it */
	slash = strrchr(buf, '/');
	if (slash && slash != buf)
		*slash = '\0';
	else if (slash)
		slash[1] = '\0';
	return buf;
}

/* Check and keep only the capabilities writing these keys and files needs. */
static int need_privileges(const char *const *keys, size_t n, const char *dropin, bool state)
{
	cap_value_t need[3];
	char missing[256];
	int nneed = 0, nkeep;
	bool net = false, other = false;
	char *dir = dropin ? xstrdup(dropin) : NULL, *slash;
	size_t i;

	for (i = 0; i < n; i++) {
		if (str_startswith(keys[i], "net."))
			net = true;
		else
			other = true;
	}
	/* net.*: CAP_NET_ADMIN over the network namespace; the rest: CAP_SYS_ADMIN */
	if (net)
		need[nneed++] = CAP_NET_ADMIN;
	if (other)
		need[nneed++] = CAP_SYS_ADMIN;
	nkeep = nneed;
	if (dir && (slash = strrchr(dir, '/'))) {
		*slash = '\0';
		/* plain permissions suffice for root-owned directories; otherwise DAC override */
		if (!writable_by_mode(*dir ? dir : "/") || !writable_by_mode(state_parent()))
			need[nkeep++] = CAP_DAC_OVERRIDE;
	}
	(void)state;
	free(dir);
	if (caps_missing(need, nkeep, missing, sizeof(missing))) {
		char all[256];

		caps_names(need, nkeep, all, sizeof(all));
		errorf("not enough privileges: missing %s. Run it as root (sudo tcptune ...), or give the binary file capabilities: setcap %s+ep $(command -v tcptune). Nothing was changed.",
		       missing, all);
		return EXIT_FAIL;
	}
	if (caps_limit(need, nkeep))
		warnf("could not drop the capabilities this run does not need");
	return 0;
}

static json_t *result_json(const struct txn_result *res, const char *dropin, bool dry,
			   const struct txn_skip *skipped, size_t nskipped)
{
	json_t *root = json_object(), *arr = json_array(), *w = json_array(), *d = json_object();
	size_t i;

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "changed", json_boolean(res->changed));
	json_object_set_new(root, "dry_run", json_boolean(dry));
	json_object_set_new(root, "transaction", res->id[0] && !dry ? json_string(res->id) : json_null());
	for (i = 0; i < res->n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "key", json_string(res->changes[i].key));
		json_object_set_new(o, "before", json_string(res->changes[i].before));
		json_object_set_new(o, "after", json_string(res->changes[i].after));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "changes", arr);
	arr = json_array();
	for (i = 0; i < nskipped; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "key", json_string(skipped[i].key));
		json_object_set_new(o, "reason", json_string(skipped[i].reason));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "skipped", arr);
	json_object_set_new(d, "path", dropin ? json_string(dropin) : json_null());
	json_object_set_new(d, "changed", json_boolean(res->dropin_changed));
	json_object_set_new(root, "dropin", d);
	for (i = 0; i < res->nwarnings; i++)
		json_array_append_new(w, json_string(res->warnings[i]));
	json_object_set_new(root, "warnings", w);
	json_object_set_new(root, "error", res->error ? json_string(res->error) : json_null());
	json_object_set_new(root, "restored", res->error ? json_boolean(res->restored) : json_null());
	return root;
}

static void print_changes(const struct txn_result *res)
{
	size_t i, w = 0;

	for (i = 0; i < res->n; i++)
		if (strlen(res->changes[i].key) > w)
			w = strlen(res->changes[i].key);
	for (i = 0; i < res->n; i++)
		printf("  %-*s  %s -> %s%s%s\n", (int)w, res->changes[i].key, res->changes[i].before,
		       term_c(stdout, TERM_BOLD), res->changes[i].after, term_c(stdout, TERM_RESET));
}

static void print_warnings(const struct txn_result *res)
{
	size_t i;

	for (i = 0; i < res->nwarnings; i++)
		warnf("%s", res->warnings[i]);
}

/* The settings to apply, from a fresh plan or the recorded one. */
struct apply_input {
	struct txn_setting *s;
	size_t n;
	struct txn_skip *skipped;
	size_t nskipped;
	char *profile, *profile_file;
	struct arena arena;
};

static void print_skipped(const struct apply_input *in)
{
	size_t i;

	for (i = 0; i < in->nskipped; i++)
		printf("  skipped %s: %s\n", in->skipped[i].key, in->skipped[i].reason);
}

static void input_from_plan(struct apply_input *in, const struct profile *p, const struct plan *pl)
{
	size_t i;

	in->profile = arena_strdup(&in->arena, p->name);
	in->profile_file = arena_strdup(&in->arena, p->file);
	in->s = arena_alloc(&in->arena, (pl->n + 1) * sizeof(*in->s));
	in->skipped = arena_alloc(&in->arena, (pl->n + 1) * sizeof(*in->skipped));
	for (i = 0; i < pl->n; i++) {
		const struct plan_item *it = &pl->items[i];

		if (it->action == ACT_SKIP) {
			in->skipped[in->nskipped].key = arena_strdup(&in->arena, it->s->key);
			in->skipped[in->nskipped++].reason = arena_strdup(&in->arena, it->reason);
			continue;
		}
		in->s[in->n].key = arena_strdup(&in->arena, it->s->key);
		{
			char *v = conf_form(it->desired);

			in->s[in->n].value = arena_strdup(&in->arena, v);
			free(v);
			v = it->current ? conf_form(it->current) : NULL;
			in->s[in->n].current = v ? arena_strdup(&in->arena, v) : NULL;
			free(v);
		}
		in->s[in->n].why = arena_strdup(&in->arena, it->s->why);
		in->s[in->n].change = it->action == ACT_CHANGE;
		in->n++;
	}
}

json_t *plan_record_json(const struct profile *p, const struct plan *pl)
{
	json_t *root = json_object();

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "kind", json_string("plan"));
	json_object_set_new(root, "profile", json_string(p->name));
	json_object_set_new(root, "profile_file", json_str_or_null(p->file));
	json_object_set_new(root, "kernel", json_string(app.host.release));
	json_object_set_new(root, "netns", json_string(app.host.netns_id));
	/* the same items `plan --format json` prints, so what is applied is what was shown */
	json_object_set_new(root, "items", plan_items_json(pl));
	return root;
}

/*
 * The recorded plan: untrusted input, so every key is validated against
 * the catalog before it can become a path, every value parsed, and each
 * recorded "current" must still be what the kernel has.
 */
static int input_from_record(struct apply_input *in, const struct sysview *sv)
{
	struct state st;
	struct strbuf moved = STRBUF_INIT;
	json_t *rec = NULL, *items;
	char err[512];
	size_t i, n;
	int r, ret = EXIT_FAIL;

	r = state_open(&st, app_state_dir(), false, err, sizeof(err));
	if (r) {
		errorf("no recorded plan: %s. Run `tcptune plan PROFILE` as root first, or name a profile: tcptune apply PROFILE",
		       r == -ENOENT ? "the state directory does not exist" : err);
		return EXIT_FAIL;
	}
	r = state_load_plan(&st, &rec);
	state_close(&st);
	if (r) {
		errorf("no recorded plan in %s (%s). Run `tcptune plan PROFILE` as root first, or name a profile",
		       app_state_dir(), r == -ENOENT ? "none yet" : strerror(-r));
		return EXIT_FAIL;
	}
	items = json_object_get(rec, "items");
	if (json_integer_value(json_object_get(rec, "schema_version")) != 1 || !json_is_array(items) ||
	    !json_is_string(json_object_get(rec, "profile"))) {
		errorf("the recorded plan in %s is damaged: run `tcptune plan PROFILE` again", app_state_dir());
		goto out;
	}
	n = json_array_size(items);
	in->profile = arena_strdup(&in->arena, json_string_value(json_object_get(rec, "profile")));
	in->profile_file = json_is_string(json_object_get(rec, "profile_file")) ?
		arena_strdup(&in->arena, json_string_value(json_object_get(rec, "profile_file"))) : NULL;
	in->s = arena_alloc(&in->arena, (n + 1) * sizeof(*in->s));
	in->skipped = arena_alloc(&in->arena, (n + 1) * sizeof(*in->skipped));
	for (i = 0; i < n; i++) {
		json_t *it = json_array_get(items, i);
		const char *key = json_string_value(json_object_get(it, "key"));
		const char *action = json_string_value(json_object_get(it, "action"));
		const char *cur = json_string_value(json_object_get(it, "current"));
		const char *des = json_string_value(json_object_get(it, "desired"));
		const char *why = json_string_value(json_object_get(it, "why"));
		char norm[KEY_MAX + 1], *now = NULL;
		const struct knob *k;
		struct value v;

		if (!key || !action || key_normalize(key, norm, sizeof(norm)) || strcmp(norm, key) ||
		    !(k = catalog_find(&app.cat, key)) || k->refuse || knob_gone(k, &sv->kernel)) {
			errorf("the recorded plan names '%s', which tcptune will not write: run `tcptune plan PROFILE` again",
			       key ? key : "(nothing)");
			goto out;
		}
		if (strcmp(action, "skip") == 0) {
			const char *reason = json_string_value(json_object_get(it, "reason"));

			in->skipped[in->nskipped].key = arena_strdup(&in->arena, key);
			in->skipped[in->nskipped++].reason = arena_strdup(&in->arena, reason ? reason : "skipped");
			continue;
		}
		if (!des || knob_parse(k, des, sv->hz, &v, NULL, NULL, 0) != VS_OK) {
			errorf("the recorded plan has an invalid value for %s: run `tcptune plan PROFILE` again", key);
			goto out;
		}
		value_free(&v);
		if (sv->read(sv->ctx, key, &now) != 0 || !cur || !txn_same_value(&app.cat, key, now, cur)) {
			char *cf = now ? conf_form(now) : xstrdup("(unreadable)");

			sb_addf(&moved, "\n  %s: planned from %s, now %s", key, cur ? cur : "(unreadable)", cf);
			free(cf);
		}
		free(now);
		in->s[in->n].key = arena_strdup(&in->arena, key);
		in->s[in->n].value = arena_strdup(&in->arena, des);
		in->s[in->n].current = cur ? arena_strdup(&in->arena, cur) : NULL;
		in->s[in->n].why = why ? arena_strdup(&in->arena, why) : NULL;
		in->s[in->n].change = strcmp(action, "change") == 0;
		in->n++;
	}
	if (moved.len) {
		errorf("the recorded plan is stale: the kernel changed since it was made:%s\nrun `tcptune plan %s` again",
		       moved.buf, in->profile);
		goto out;
	}
	ret = 0;
out:
	sb_release(&moved);
	json_decref(rec);
	return ret;
}

int cmd_apply(int argc, char **argv)
{
	struct apply_input in = { 0 };
	struct txn_result res = { 0 };
	struct apply_req req = { 0 };
	struct profile_set ps = { 0 };
	struct profile p = { 0 };
	struct state st = { .dirfd = -1, .txfd = -1, .lockfd = -1 };
	struct sysview sv;
	struct plan pl = { 0 };
	struct opts o;
	const char **keys = NULL;
	char err[512], *dropin = NULL;
	size_t i, nkeys = 0;
	int r, ret = EXIT_FAIL;
	bool have_plan = false, have_profile = false, detailed;

	/* with --detailed-exitcode, 2 means "changed": every error is 1 */
	detailed = getopt_has(argc, argv, apply_opts, OPT_DETAILED_EXITCODE);
	r = parse("apply", apply_usage, APPLY_OPTS, argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : (detailed ? EXIT_FAIL : r);
	if (argc - optind > 1) {
		usage_error("apply", "one profile at a time");
		return detailed ? EXIT_FAIL : EXIT_USAGE;
	}
	if (dropin_check_path(o.dropin, err, sizeof(err))) {
		errorf("%s", err);
		return detailed ? EXIT_FAIL : EXIT_USAGE;
	}
	/* the resolver names files by their real directory: compare like with like */
	dropin = dropin_canonical(o.dropin);
	o.dropin = dropin;
	if (app_load() || app_sysview(&sv))
		return EXIT_FAIL;
	if (optind < argc) {
		r = resolve_profile_arg("apply", argv[optind], &ps, &p);
		if (r) {
			ret = detailed ? EXIT_FAIL : r;
			goto out;
		}
		have_profile = true;
		plan_compute(&p, &app.cat, &app.rules, &sv, &pl);
		have_plan = true;
		input_from_plan(&in, &p, &pl);
		/* a plan the rules call wrong (the kernel would refuse it) is not started */
		for (i = 0; i < pl.findings.n; i++)
			if (pl.findings.v[i].sev == SEV_ERROR)
				errorf("%s [%s]", pl.findings.v[i].msg, pl.findings.v[i].id);
		if (diags_count(&pl.findings, SEV_ERROR)) {
			errorf("the plan for %s has errors (above); nothing was changed (`tcptune rules ID` explains them)",
			       p.name);
			goto out;
		}
	} else if (input_from_record(&in, &sv)) {
		goto out;
	}
	req.profile = in.profile;
	req.profile_file = in.profile_file;
	req.s = in.s;
	req.n = in.n;
	req.skipped = in.skipped;
	req.nskipped = in.nskipped;
	req.dropin = o.dropin;
	req.boot_root = "/";
	req.kernel = app.host.release;
	req.netns = app.host.netns_id;
	req.strict = o.strict;
	req.dry_run = o.dry_run;
	req.keep = o.keep;
	if (!o.dry_run) {
		keys = xcalloc(in.n + 1, sizeof(*keys));
		for (i = 0; i < in.n; i++)
			if (in.s[i].change)
				keys[nkeys++] = in.s[i].key;
		if (need_privileges(keys, nkeys, o.dropin, true))
			goto out;
		r = open_locked(&st, &o, false);
		if (r) {
			ret = r;
			goto out;
		}
	}
	r = txn_apply(&st, &app.cat, &txn_procfs, &req, &res);
	if (o.fmt == FMT_JSON) {
		json_print(result_json(&res, o.dropin, o.dry_run, in.skipped, in.nskipped));
	} else if (r) {
		print_warnings(&res);
	} else if (!res.changed) {
		printf("Nothing to change: the kernel and %s already match %s.\n", o.dropin, in.profile);
		print_skipped(&in);
	} else if (o.dry_run) {
		printf("Would apply %s (dry run, nothing written):\n", in.profile);
		print_changes(&res);
		print_skipped(&in);
		printf("%s %s:\n\n%s", res.dropin_changed ? "Would write" : "Unchanged:", o.dropin,
		       res.dropin_changed ? res.dropin_text : "");
	} else {
		printf("Applied %s as transaction %s:\n", in.profile, res.id);
		print_changes(&res);
		if (!res.n)
			printf("  (runtime values were already as desired)\n");
		print_skipped(&in);
		printf("Drop-in %s %s.\n", o.dropin, res.dropin_changed ? "written" : "unchanged");
		print_warnings(&res);
		printf("Undo with: tcptune rollback %s\n", res.id);
	}
	if (r) {
		errorf("%s", res.error ? res.error : strerror(-r));
		if (!o.dry_run && res.id[0])
			fprintf(stderr, "%s\n", res.restored ?
				"Every value and the drop-in were restored from the snapshot; the machine is as it was." :
				"The snapshot still holds the previous state: run `tcptune rollback` to restore it.");
		ret = res.restored || !res.id[0] ? EXIT_FAIL : EXIT_NOT_RESTORED;
	} else {
		ret = o.detailed && res.changed ? 2 : EXIT_OK;
	}
out:
	txn_result_free(&res);
	free(keys);
	free(dropin);
	state_close(&st);
	arena_free(&in.arena);
	if (have_plan)
		plan_free(&pl);
	if (have_profile)
		free(p.settings);
	profile_set_free(&ps);
	return ret;
}

/* Keys a transaction touches, for the privilege check. */
static const char **txn_keys(struct state *st, const char *id, size_t *n, char **dropin)
{
	json_t *t = NULL, *ch;
	const char **keys;
	size_t i;

	*n = 0;
	*dropin = NULL;
	if (!id || state_load(st, id, &t))
		return NULL;
	ch = json_object_get(t, "changes");
	keys = xcalloc(json_array_size(ch) + 1, sizeof(*keys));
	for (i = 0; i < json_array_size(ch); i++) {
		const char *k = json_string_value(json_object_get(json_array_get(ch, i), "key"));

		if (k)
			keys[(*n)++] = xstrdup(k);
	}
	if (json_is_string(json_object_get(json_object_get(t, "dropin"), "path")))
		*dropin = xstrdup(json_string_value(json_object_get(json_object_get(t, "dropin"), "path")));
	json_decref(t);
	return keys;
}

int cmd_rollback(int argc, char **argv)
{
	struct txn_result res = { 0 };
	struct state st = { .dirfd = -1, .txfd = -1, .lockfd = -1 };
	struct opts o;
	const char **keys = NULL;
	char *dropin = NULL, *target = NULL;
	size_t nkeys = 0, i;
	int r, ret = EXIT_FAIL;

	r = parse("rollback", rollback_usage, ROLLBACK_OPTS, argc, argv, &o);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (argc - optind > 1)
		return usage_error("rollback", "one transaction id at a time (`tcptune history` lists them)");
	if (app_load())
		return EXIT_FAIL;
	{
		struct state probe;
		char err[512];

		/* nothing was ever applied: nothing to do, and nothing to create */
		if (state_open(&probe, app_state_dir(), false, err, sizeof(err)) == -ENOENT) {
			struct txn_result none = { 0 };

			if (o.fmt == FMT_JSON)
				json_print(result_json(&none, NULL, false, NULL, 0));
			else
				printf("Nothing to roll back: no transaction in %s.\n", app_state_dir());
			return EXIT_OK;
		}
		state_close(&probe);
	}
	r = open_locked(&st, &o, true);
	if (r)
		return r;
	/* privileges for exactly what the snapshot will restore */
	target = optind < argc ? xstrdup(argv[optind]) : txn_find_target(&st);
	keys = txn_keys(&st, target, &nkeys, &dropin);
	if (target && need_privileges(keys, nkeys, dropin, true))
		goto out;
	r = txn_rollback(&st, &app.cat, &txn_procfs, target, o.force, o.keep, &res);
	if (o.fmt == FMT_JSON) {
		if (!(r == -ENOENT && !target))
			json_print(result_json(&res, dropin, false, NULL, 0));
	} else if (!r && !res.changed) {
		for (i = 0; i < res.nwarnings; i++)
			printf("%s\n", res.warnings[i]);
	} else if (!r) {
		printf("Rolled back %s as transaction %s:\n", target ? target : "", res.id);
		print_changes(&res);
		if (!res.n)
			printf("  (runtime values were already as before)\n");
		if (dropin)
			printf("Drop-in %s restored.\n", dropin);
	}
	if (r == -ENOENT && !target) {
		if (o.fmt == FMT_JSON) {
			struct txn_result none = { 0 };

			json_print(result_json(&none, NULL, false, NULL, 0));
		} else {
			printf("Nothing to roll back: no applied transaction in %s.\n", app_state_dir());
		}
		ret = EXIT_OK;
	} else if (r) {
		errorf("%s", res.error ? res.error : strerror(-r));
		ret = res.id[0] && !res.restored && r != -EBUSY && r != -ENOENT ? EXIT_NOT_RESTORED : EXIT_FAIL;
	} else {
		ret = EXIT_OK;
	}
out:
	for (i = 0; i < nkeys; i++)
		free((char *)keys[i]);
	free(keys);
	free(dropin);
	free(target);
	txn_result_free(&res);
	state_close(&st);
	return ret;
}

/* A snapshot's changes as users see them: vectors with spaces, as apply prints them. */
static json_t *changes_conf_form(json_t *changes)
{
	json_t *out = json_array();
	size_t i;

	for (i = 0; i < json_array_size(changes); i++) {
		json_t *c = json_array_get(changes, i), *o = json_object();
		const char *fields[] = { "before", "after" };
		size_t f;

		json_object_set_new(o, "key", json_incref(json_object_get(c, "key")));
		for (f = 0; f < ARRAY_SIZE(fields); f++) {
			const char *v = json_string_value(json_object_get(c, fields[f]));
			char *cf = v ? conf_form(v) : NULL;

			json_object_set_new(o, fields[f], json_str_or_null(cf));
			free(cf);
		}
		json_array_append_new(out, o);
	}
	return out;
}

int cmd_history(int argc, char **argv)
{
	struct state st;
	struct opts o;
	json_t *arr = json_array();
	char **ids, err[512];
	size_t n, i;
	int r;

	r = parse("history", history_usage, HISTORY_OPTS, argc, argv, &o);
	if (r) {
		json_decref(arr);
		return r < 0 ? EXIT_OK : r;
	}
	if (optind != argc) {
		json_decref(arr);
		return usage_error("history", "takes no arguments");
	}
	r = state_open(&st, app_state_dir(), false, err, sizeof(err));
	if (r == -ENOENT) {
		json_decref(arr);
		if (o.fmt == FMT_JSON) {
			json_t *root = json_object();

			json_object_set_new(root, "schema_version", json_integer(1));
			json_object_set_new(root, "transactions", json_array());
			return json_print(root) ? EXIT_FAIL : EXIT_OK;
		}
		printf("No transactions yet (%s does not exist).\n", app_state_dir());
		return EXIT_OK;
	}
	if (r) {
		json_decref(arr);
		errorf("%s", err);
		return EXIT_FAIL;
	}
	if (o.keep_given && state_lock(&st, 10, NULL) == 0)
		txn_prune(&st, o.keep);
	if (state_list(&st, &ids, &n)) {
		n = 0;
		ids = NULL;
	}
	if (o.fmt == FMT_TEXT)
		printf("%s%-22s  %-20s  %-8s  %-14s  %-7s  %s%s\n", term_c(stdout, TERM_BOLD), "ID", "TIME",
		       "KIND", "PROFILE", "CHANGES", "STATE", term_c(stdout, TERM_RESET));
	for (i = 0; i < n; i++) {
		json_t *t = NULL;

		if (state_load(&st, ids[i], &t) == 0) {
			const char *kind = json_string_value(json_object_get(t, "kind"));
			const char *state = json_string_value(json_object_get(t, "state"));
			const char *prof = json_string_value(json_object_get(t, "profile"));
			const char *created = json_string_value(json_object_get(t, "created"));
			size_t nch = json_array_size(json_object_get(t, "changes"));

			if (o.fmt == FMT_JSON) {
				json_t *e = json_object();

				json_object_set_new(e, "id", json_string(ids[i]));
				json_object_set_new(e, "time", json_str_or_null(created));
				json_object_set_new(e, "kind", json_str_or_null(kind));
				json_object_set_new(e, "profile", json_str_or_null(prof));
				json_object_set_new(e, "changes", changes_conf_form(json_object_get(t, "changes")));
				json_object_set_new(e, "state", json_str_or_null(state));
				json_object_set_new(e, "undoes", json_incref(json_object_get(t, "undoes")));
				json_object_set_new(e, "undone_by", json_incref(json_object_get(t, "undone_by")));
				json_object_set_new(e, "failure", json_incref(json_object_get(t, "failure")));
				json_array_append_new(arr, e);
			} else {
				printf("%-22s  %-20s  %-8s  %-14s  %-7zu  %s\n", ids[i], created ? created : "?",
				       kind ? kind : "?", prof ? prof : "-", nch, state ? state : "?");
			}
		}
		json_decref(t);
		free(ids[i]);
	}
	free(ids);
	state_close(&st);
	if (o.fmt == FMT_JSON) {
		json_t *root = json_object();

		json_object_set_new(root, "schema_version", json_integer(1));
		json_object_set_new(root, "transactions", arr);
		return json_print(root) ? EXIT_FAIL : EXIT_OK;
	}
	json_decref(arr);
	if (n == 0)
		printf("(no transactions)\n");
	return EXIT_OK;
}

int cmd_verify(int argc, char **argv)
{
	struct resolution rs;
	struct diags dg = { 0 };
	struct state st;
	struct sysview sv;
	struct opts o;
	json_t *t = NULL, *settings, *arr = json_array();
	char **ids = NULL, err[512], *id = NULL;
	size_t n = 0, i, drift = 0;
	bool have_res;
	int r;

	r = parse("verify", verify_usage, VERIFY_OPTS, argc, argv, &o);
	if (r) {
		json_decref(arr);
		return r < 0 ? EXIT_OK : r;
	}
	if (optind != argc) {
		json_decref(arr);
		return usage_error("verify", "takes no arguments");
	}
	if (app_load() || app_sysview(&sv)) {
		json_decref(arr);
		return EXIT_FAIL;
	}
	r = state_open(&st, app_state_dir(), false, err, sizeof(err));
	if (r && r != -ENOENT) {
		json_decref(arr);
		errorf("%s", err);
		return EXIT_FAIL;
	}
	if (!r && state_list(&st, &ids, &n) == 0) {
		for (i = 0; i < n; i++) {
			json_t *x = NULL;
			const char *kind, *s;

			if (!id && state_load(&st, ids[i], &x) == 0 &&
			    (kind = json_string_value(json_object_get(x, "kind"))) && strcmp(kind, "apply") == 0 &&
			    (s = json_string_value(json_object_get(x, "state"))) && strcmp(s, "committed") == 0) {
				id = xstrdup(ids[i]);
				t = json_incref(x);
			}
			json_decref(x);
			free(ids[i]);
		}
		free(ids);
	}
	if (!r)
		state_close(&st);
	if (!id) {
		json_decref(arr);
		if (o.fmt == FMT_JSON) {
			json_t *root = json_object();

			json_object_set_new(root, "schema_version", json_integer(1));
			json_object_set_new(root, "transaction", json_null());
			json_object_set_new(root, "ok", json_true());
			json_object_set_new(root, "keys", json_array());
			return json_print(root) ? EXIT_FAIL : EXIT_OK;
		}
		printf("Nothing to verify: no applied transaction in %s.\n", app_state_dir());
		return EXIT_OK;
	}
	have_res = resolve_tree("/", &rs, NULL, NULL, &dg) == 0;
	settings = json_object_get(t, "settings");
	if (o.fmt == FMT_TEXT)
		printf("Transaction %s (%s), applied %s:\n", id,
		       json_string_value(json_object_get(t, "profile")) ? json_string_value(json_object_get(t, "profile")) : "?",
		       json_string_value(json_object_get(t, "created")) ? json_string_value(json_object_get(t, "created")) : "?");
	for (i = 0; i < json_array_size(settings); i++) {
		json_t *s = json_array_get(settings, i), *e = json_object();
		const char *key = json_string_value(json_object_get(s, "key"));
		const char *want = json_string_value(json_object_get(s, "value"));
		const struct rkey *rk;
		char *now = NULL, *nowc = NULL, norm[KEY_MAX + 1];
		bool run_ok, sd_ok, pp_ok;

		if (!key || !want || key_normalize(key, norm, sizeof(norm)))
			continue;
		if (sv.read(sv.ctx, key, &now) == 0)
			nowc = conf_form(now);
		rk = have_res ? resolution_find(&rs, key) : NULL;
		run_ok = nowc && txn_same_value(&app.cat, key, nowc, want);
		sd_ok = rk && rk->sd.path && txn_same_value(&app.cat, key, rk->sd.value, want);
		pp_ok = rk && rk->pp.path && txn_same_value(&app.cat, key, rk->pp.value, want);
		drift += !(run_ok && sd_ok && pp_ok);
		if (o.fmt == FMT_JSON) {
			json_t *b = json_object();

			json_object_set_new(e, "key", json_string(key));
			json_object_set_new(e, "applied", json_string(want));
			json_object_set_new(e, "running", json_str_or_null(nowc));
			json_object_set_new(b, "systemd", rk && rk->sd.path ? json_string(rk->sd.value) : json_null());
			json_object_set_new(b, "systemd_source", rk && rk->sd.path ?
					    json_sprintf("%s:%d", rk->sd.path, rk->sd.line) : json_null());
			json_object_set_new(b, "procps", rk && rk->pp.path ? json_string(rk->pp.value) : json_null());
			json_object_set_new(b, "procps_source", rk && rk->pp.path ?
					    json_sprintf("%s:%d", rk->pp.path, rk->pp.line) : json_null());
			json_object_set_new(e, "boot", b);
			json_object_set_new(e, "ok", json_boolean(run_ok && sd_ok && pp_ok));
			json_array_append_new(arr, e);
		} else {
			json_decref(e);
			printf("  %s%-5s%s %s = %s\n", term_c(stdout, run_ok && sd_ok && pp_ok ? TERM_GREEN : TERM_RED),
			       run_ok && sd_ok && pp_ok ? "ok" : "DRIFT", term_c(stdout, TERM_RESET), key, want);
			if (!run_ok)
				printf("          running kernel: %s\n", nowc ? nowc : "(unreadable)");
			if (!sd_ok)
				printf("          at boot (systemd-sysctl): %s%s%s\n",
				       rk && rk->sd.path ? rk->sd.value : "not set by any file",
				       rk && rk->sd.path ? " from " : "", rk && rk->sd.path ? rk->sd.path : "");
			if (!pp_ok)
				printf("          at boot (procps sysctl --system): %s%s%s\n",
				       rk && rk->pp.path ? rk->pp.value : "not set by any file",
				       rk && rk->pp.path ? " from " : "", rk && rk->pp.path ? rk->pp.path : "");
		}
		free(now);
		free(nowc);
	}
	if (o.fmt == FMT_JSON) {
		json_t *root = json_object();

		json_object_set_new(root, "schema_version", json_integer(1));
		json_object_set_new(root, "transaction", json_string(id));
		json_object_set_new(root, "ok", json_boolean(drift == 0));
		json_object_set_new(root, "keys", arr);
		json_print(root);
	} else {
		json_decref(arr);
		if (drift)
			printf("%zu of %zu keys drifted.\n", drift, json_array_size(settings));
		else
			printf("All %zu keys match the running kernel and what boot loads.\n",
			       json_array_size(settings));
	}
	if (have_res)
		resolution_free(&rs);
	diags_free(&dg);
	json_decref(t);
	free(id);
	return drift ? EXIT_FAIL : EXIT_OK;
}
