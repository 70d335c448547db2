// SPDX-License-Identifier: GPL-2.0-or-later
/* tcptune plan PROFILE: what a profile would change on this kernel. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <unistd.h>

#include "app.h"
#include "commands.h"
#include "state.h"
#include "term.h"

static const char plan_usage[] =
	"Usage: tcptune plan [OPTIONS] PROFILE\n"
	"\n"
	"Compare a profile with the running kernel: for every knob, the current value,\n"
	"the desired value and the action (change, keep, or skip with the reason),\n"
	"then the findings of the cross-knob rules on the state that would result.\n"
	"Nothing is written to the kernel or /etc; as root the plan is recorded in\n"
	"the state directory for `tcptune apply`. PROFILE is a name (searched in\n"
	"--profile-dir, CONFIG_DIR/profiles, then the built-in set) or a path\n"
	"(contains '/' or ends in .yaml or .yml).\n"
	"\n"
	"Options:\n"
	"  --format text|json      output format (default: text)\n"
	"  --detailed-exitcode     exit 0 when nothing would change, 2 when changes are\n"
	"                          pending, 1 on error (drift checks in cron and CI)\n"
	"  --profile-dir DIR       look for NAME.yaml in DIR first\n"
	"  --no-record             as root, do not record the plan for `tcptune apply`\n"
	"  --state-dir DIR         where the plan is recorded (default /var/lib/tcptune)\n"
	"  --proc-sys DIR          read the kernel from DIR instead of /proc/sys\n"
	"  --config-dir DIR        configuration directory (default: /etc/tcptune)\n"
	"  --color auto|always|never\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 success, 1 error (invalid profile, unreadable kernel state),\n"
	"2 usage error or no such profile; with --detailed-exitcode: 0 no changes,\n"
	"1 any error, 2 changes pending.\n";

static json_t *context_json(const struct profile *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "clients_behind_nat", p->ctx_nat < 0 ? json_null() : json_boolean(p->ctx_nat));
	json_object_set_new(o, "forwards_traffic", p->ctx_fwd < 0 ? json_null() : json_boolean(p->ctx_fwd));
	return o;
}

json_t *profile_header_json(const struct profile *p)
{
	json_t *o = json_object(), *chain = json_array();
	size_t i;

	json_object_set_new(o, "name", json_str_or_null(p->name));
	json_object_set_new(o, "description", json_str_or_null(p->description));
	json_object_set_new(o, "file", json_str_or_null(p->file));
	json_object_set_new(o, "origin", json_str_or_null(p->origin));
	for (i = 0; i < p->nchain; i++)
		json_array_append_new(chain, json_string(p->chain[i]));
	json_object_set_new(o, "extends_chain", chain);
	json_object_set_new(o, "context", context_json(p));
	return o;
}

json_t *kernel_json(void)
{
	json_t *o = json_object();

	json_object_set_new(o, "release", json_string(app.host.release));
	json_object_set_new(o, "netns", json_str_or_null(app.host.netns_id[0] ? app.host.netns_id : NULL));
	json_object_set_new(o, "child_netns", json_boolean(app.host.child_netns));
	json_object_set_new(o, "hz", app.host.hz ? json_integer(app.host.hz) : json_null());
	return o;
}

json_t *findings_json(const struct diags *d)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < d->n; i++) {
		json_t *o = json_object();

		json_object_set_new(o, "id", json_str_or_null(d->v[i].id));
		json_object_set_new(o, "severity", json_string(severity_name(d->v[i].sev)));
		json_object_set_new(o, "key", json_str_or_null(d->v[i].key));
		json_object_set_new(o, "message", json_str_or_null(d->v[i].msg));
		json_array_append_new(a, o);
	}
	return a;
}

/* The plan's items: the "changes" of `plan --format json` and of the recorded plan. */
json_t *plan_items_json(const struct plan *pl)
{
	json_t *changes = json_array();
	size_t i;

	for (i = 0; i < pl->n; i++) {
		const struct plan_item *it = &pl->items[i];
		json_t *o = json_object();
		char *cur = it->current ? conf_form(it->current) : NULL;
		char *des = it->desired ? conf_form(it->desired) : NULL;

		json_object_set_new(o, "key", json_string(it->s->key));
		json_object_set_new(o, "current", json_str_or_null(cur));
		json_object_set_new(o, "desired", json_str_or_null(des));
		json_object_set_new(o, "requested", json_str_or_null(it->want));
		json_object_set_new(o, "action", json_string(plan_action_name(it->action)));
		json_object_set_new(o, "reason", json_str_or_null(it->reason));
		json_object_set_new(o, "why", json_str_or_null(it->s->why));
		json_object_set_new(o, "from_profile", json_str_or_null(it->s->profile));
		json_array_append_new(changes, o);
		free(cur);
		free(des);
	}
	return changes;
}

static int plan_json(const struct profile *p, const struct plan *pl)
{
	json_t *root = json_object(), *sum = json_object();

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "profile", profile_header_json(p));
	json_object_set_new(root, "kernel", kernel_json());
	json_object_set_new(root, "changes", plan_items_json(pl));
	json_object_set_new(root, "findings", findings_json(&pl->findings));
	json_object_set_new(sum, "change", json_integer((json_int_t)plan_count(pl, ACT_CHANGE)));
	json_object_set_new(sum, "keep", json_integer((json_int_t)plan_count(pl, ACT_KEEP)));
	json_object_set_new(sum, "skip", json_integer((json_int_t)plan_count(pl, ACT_SKIP)));
	json_object_set_new(root, "summary", sum);
	return json_print(root);
}

void print_kernel_line(FILE *f)
{
	fprintf(f, "kernel %s, network namespace %s%s\n", app.host.release,
		app.host.netns_id[0] ? app.host.netns_id : "(unknown)",
		app.host.child_netns ?
			" (a child namespace: container or unshare; defaults differ from the host's and global knobs are absent or read-only)" :
			" (the host's)");
}

static void plan_text(const struct profile *p, const struct plan *pl)
{
	FILE *f = stdout;
	size_t i, keyw = 0;

	fprintf(f, "%sProfile %s%s: %s\n", term_c(f, TERM_BOLD), p->name, term_c(f, TERM_RESET),
		p->description ? p->description : "");
	fprintf(f, "from %s", p->file);
	if (p->nchain > 1) {
		fputs(" (", f);
		for (i = 0; i < p->nchain; i++)
			fprintf(f, "%s%s", i ? " -> " : "extends: ", p->chain[i]);
		fputs(")", f);
	}
	fputc('\n', f);
	print_kernel_line(f);
	fputc('\n', f);
	for (i = 0; i < pl->n; i++)
		if (strlen(pl->items[i].s->key) > keyw)
			keyw = strlen(pl->items[i].s->key);
	if (keyw > 40)
		keyw = 40;
	for (i = 0; i < pl->n; i++) {
		const struct plan_item *it = &pl->items[i];
		const char *color = it->action == ACT_CHANGE ? TERM_YELLOW :
				    it->action == ACT_KEEP ? TERM_GREEN : TERM_DIM;
		char *cur = it->current ? conf_form(it->current) : xstrdup("-");
		char *des = it->desired ? conf_form(it->desired) : NULL;

		fprintf(f, "%s%-6s%s  %-*s  ", term_c(f, color), plan_action_name(it->action),
			term_c(f, TERM_RESET), (int)keyw, it->s->key);
		if (strlen(it->s->key) > keyw)
			fprintf(f, "\n%*s", (int)keyw + 10, "");
		switch (it->action) {
		case ACT_CHANGE:
			fprintf(f, "%s -> %s%s%s", cur, term_c(f, TERM_BOLD), des, term_c(f, TERM_RESET));
			if (it->s->at_least || it->s->at_most)
				fprintf(f, " (%s)", it->want);
			break;
		case ACT_KEEP:
			fprintf(f, "%s", cur);
			if (it->s->at_least || it->s->at_most)
				fprintf(f, " (%s)", it->want);
			break;
		case ACT_SKIP:
			fprintf(f, "%s", it->reason);
			break;
		}
		fputc('\n', f);
		print_wrapped(f, it->s->why, 8, 80);
		free(cur);
		free(des);
	}
	fprintf(f, "\n%zu to change, %zu already as desired, %zu skipped.\n",
		plan_count(pl, ACT_CHANGE), plan_count(pl, ACT_KEEP), plan_count(pl, ACT_SKIP));
	if (pl->findings.n) {
		fprintf(f, "\nFindings on the state this plan would produce:\n");
		for (i = 0; i < pl->findings.n; i++) {
			const struct diag *d = &pl->findings.v[i];
			const char *color = d->sev == SEV_ERROR ? TERM_RED :
					    d->sev == SEV_WARNING ? TERM_YELLOW : TERM_CYAN;

			fprintf(f, "  %s%s%s [%s] %s\n", term_c(f, color), severity_name(d->sev),
				term_c(f, TERM_RESET), d->id, d->key ? d->key : "");
			print_wrapped(f, d->msg, 4, 80);
		}
		fprintf(f, "`tcptune rules ID` explains a finding.\n");
	}
}

/* Resolve a profile argument, printing every problem; 0 or EXIT_* code. */
int resolve_profile_arg(const char *cmd, const char *arg, struct profile_set *ps, struct profile *p)
{
	struct diags dg = { 0 };
	int r;

	profile_set_init(ps, &app.cat, app.profile_dir, app.config_dir);
	r = profile_resolve(ps, arg, &dg, p);
	diags_print(stderr, &dg, term_color(stderr));
	diags_free(&dg);
	if (r == -ENOENT)
		return EXIT_USAGE;
	if (r) {
		errorf("profile '%s' is invalid; nothing was planned (`tcptune profile validate FILE` checks a file)", arg);
		(void)cmd;
		return EXIT_FAIL;
	}
	return 0;
}

/* As root, keep the plan so `tcptune apply` can apply exactly it later. */
static void record_plan(const struct profile *p, const struct plan *pl)
{
	struct state st;
	char err[512];
	json_t *rec;
	int r;

	if (state_open(&st, app_state_dir(), true, err, sizeof(err))) {
		warnf("the plan was not recorded: %s", err);
		return;
	}
	rec = plan_record_json(p, pl);
	r = state_save_plan(&st, rec);
	if (r)
		warnf("the plan was not recorded in %s: %s", st.path, strerror(-r));
	json_decref(rec);
	state_close(&st);
}

int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "detailed-exitcode", no_argument, NULL, OPT_DETAILED_EXITCODE },
		{ "profile-dir", required_argument, NULL, OPT_PROFILE_DIR },
		{ "no-record", no_argument, NULL, OPT_FIRST_COMMAND_OPT },
		{ NULL, 0, NULL, 0 },
	};
	enum out_format fmt = FMT_TEXT;
	bool detailed = false, record = true;
	struct profile_set ps;
	struct profile p;
	struct sysview sv;
	struct plan pl;
	int c, r, ret, usage;

	/* with --detailed-exitcode, 2 means "changes pending": every error is 1 */
	detailed = getopt_has(argc, argv, opts, OPT_DETAILED_EXITCODE);
	usage = detailed ? EXIT_FAIL : EXIT_USAGE;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		r = app_common_option("plan", c, optarg);
		if (r < 0)
			return usage;
		if (r)
			continue;
		switch (c) {
		case 'h':
			fputs(plan_usage, stdout);
			return EXIT_OK;
		case OPT_FORMAT:
			if (format_parse("plan", optarg, FMT_TEXT | FMT_JSON, &fmt))
				return usage;
			break;
		case OPT_DETAILED_EXITCODE:
			detailed = true;
			break;
		case OPT_PROFILE_DIR:
			app.profile_dir = optarg;
			break;
		case OPT_FIRST_COMMAND_OPT:
			record = false;
			break;
		default:
			usage_error("plan", "unknown option");
			return usage;
		}
	}
	if (optind != argc - 1) {
		usage_error("plan", optind == argc ? "which profile? (`tcptune profiles` lists them)" :
				    "one profile at a time");
		return usage;
	}
	if (app_load())
		return EXIT_FAIL;
	r = resolve_profile_arg("plan", argv[optind], &ps, &p);
	if (r) {
		profile_set_free(&ps);
		return detailed ? EXIT_FAIL : r;
	}
	if (app_sysview(&sv)) {
		free(p.settings);
		profile_set_free(&ps);
		return EXIT_FAIL;
	}
	plan_compute(&p, &app.cat, &app.rules, &sv, &pl);
	if (record && geteuid() == 0)
		record_plan(&p, &pl);
	if (fmt == FMT_JSON)
		ret = plan_json(&p, &pl) ? EXIT_FAIL : EXIT_OK;
	else
		plan_text(&p, &pl), ret = EXIT_OK;
	if (ret == EXIT_OK && detailed && plan_count(&pl, ACT_CHANGE))
		ret = 2;
	plan_free(&pl);
	free(p.settings);
	profile_set_free(&ps);
	return ret;
}
