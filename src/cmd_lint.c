// SPDX-License-Identifier: GPL-2.0-or-later
/* tcptune lint: sysctl.conf and sysctl.d linting for people and CI. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app.h"
#include "commands.h"
#include "lint.h"
#include "lintout.h"
#include "yamldoc.h"

static const char lint_usage[] =
	"Usage: tcptune lint [OPTIONS] FILE|DIR|- ...\n"
	"       tcptune lint [OPTIONS] --root DIR\n"
	"\n"
	"Check sysctl.conf and sysctl.d files against the kernel's facts: syntax, unknown\n"
	"and removed keys, values the kernel would refuse or read differently, relations\n"
	"between knobs, and tuning folklore. A DIR argument means its *.conf files in name\n"
	"order; '-' reads standard input. Files named together are judged as one\n"
	"configuration, applied in the order given.\n"
	"\n"
	"With --root DIR, load a whole tree the way the system does at boot (the sysctl.d\n"
	"directories /etc, /run, /usr/local/lib, /usr/lib and /lib, with shadowing and\n"
	"/dev/null masking, and /etc/sysctl.conf)\n"
	"under both systemd-sysctl and procps rules, and report overrides and keys the two\n"
	"would load differently. Nothing under /proc is read in that mode.\n"
	"\n"
	"Without --root or --kernel the files are judged for this machine: its kernel\n"
	"version, its keys and interfaces.\n"
	"\n"
	"Options:\n"
	"  --format FMT            text (default), json, sarif, github, gitlab\n"
	"  --fail-on LEVEL         exit 1 on findings at or above error, warning (default),\n"
	"                          note, or none\n"
	"  --exit-zero             exit 0 even with findings (2 still means could not lint)\n"
	"  --root DIR              lint the tree under DIR as the system would load it\n"
	"  --kernel VERSION        judge for this target kernel (e.g. 4.9) instead of this one\n"
	"  --context CTX           nat (a NAT gateway: forwards traffic, NAT in the path),\n"
	"                          behind-nat (clients reach this host through NAT),\n"
	"                          router (forwards traffic), container; repeat or comma-separate\n"
	"  --profile PROFILE       take the context from a profile\n"
	"  --profile-dir DIR       where --profile looks first\n"
	"  --disable ID[,ID...]    switch rules off\n"
	"  --stdin-filename NAME   the name to report for '-'\n"
	"  --config FILE           read defaults from FILE instead of the nearest .tcptune.yaml\n"
	"  --no-config             ignore .tcptune.yaml\n"
	"  --color auto|always|never\n"
	"  -h, --help              show this help\n"
	"\n"
	"Suppressions: '# tcptune: disable=TT101,TT205' above an assignment, or\n"
	"'# tcptune: disable-file=TT301' anywhere in a file. `tcptune rules` lists the rules.\n"
	"\n"
	"Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 could not lint\n"
	"(usage error, unreadable file; the other files are still linted).\n";

#define LINT_FILE_MAX (64u << 20)

struct lint_cmd {
	struct lint l;
	enum lint_format fmt;
	int fail_on;
	bool exit_zero;
	const char *root;
	const char *stdin_name;
	const char *kernel;
	const char *config;
	bool no_config;
	const char *profile;
	int ctx_nat, ctx_fwd, ctx_container;
	char **disabled;
	size_t ndisabled, capdisabled;
	bool io_error;
	bool fail_on_set, kernel_set;
	struct arena arena;	/* strings from the configuration file */
};

static int parse_context(struct lint_cmd *c, const char *arg)
{
	char *copy = xstrdup(arg), *tok, *save = NULL;
	int ret = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (strcmp(tok, "nat") == 0) {
			c->ctx_fwd = 1;
			c->ctx_nat = 1;
		} else if (strcmp(tok, "behind-nat") == 0) {
			c->ctx_nat = 1;
		} else if (strcmp(tok, "router") == 0) {
			c->ctx_fwd = 1;
		} else if (strcmp(tok, "container") == 0) {
			c->ctx_container = 1;
		} else {
			ret = -EINVAL;
			usage_error("lint", "unknown context '%s' (nat, behind-nat, router, container)", tok);
			break;
		}
	}
	free(copy);
	return ret;
}

static void add_disabled(struct lint_cmd *c, const char *list)
{
	char *copy = xstrdup(list), *tok, *save = NULL;

	for (tok = strtok_r(copy, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save)) {
		GROW(c->disabled, c->capdisabled, c->ndisabled + 2);
		c->disabled[c->ndisabled++] = xstrdup(tok);
		c->disabled[c->ndisabled] = NULL;
	}
	free(copy);
}

static int parse_fail_on(const char *s, int *out)
{
	enum severity sev;

	if (strcmp(s, "none") == 0) {
		*out = -1;
		return 0;
	}
	if (severity_from_name(s, &sev))
		return -EINVAL;
	*out = (int)sev;
	return 0;
}

/* The nearest .tcptune.yaml from the current directory upward, or NULL. */
static char *find_config(void)
{
	char dir[PATH_MAX];

	if (!getcwd(dir, sizeof(dir)))
		return NULL;
	for (;;) {
		char *p = xasprintf("%s/.tcptune.yaml", strcmp(dir, "/") ? dir : "");
		char *slash;

		if (access(p, F_OK) == 0)
			return p;
		free(p);
		slash = strrchr(dir, '/');
		if (!slash || slash == dir) {
			if (strcmp(dir, "/") == 0)
				return NULL;
			strcpy(dir, "/");
			continue;
		}
		*slash = '\0';
	}
}

/* .tcptune.yaml: fail-on, disable, kernel, context. Options given on the command line win. */
static int load_config(struct lint_cmd *c)
{
	static const char *const fields[] = { "fail-on", "disable", "kernel", "context", NULL };
	char *path = c->config ? xstrdup(c->config) : c->no_config ? NULL : find_config();
	struct diags dg = { 0 };
	struct ydoc d;
	yaml_node_t *root, *v;
	char *buf = NULL;
	size_t len;
	const char *s;
	int r, ret = 0;

	if (!path)
		return 0;
	r = read_file(path, 1 << 20, &buf, &len);
	if (r) {
		errorf("cannot read the configuration %s: %s", path, strerror(-r));
		free(path);
		return -EINVAL;
	}
	if (ydoc_load(&d, path, buf, len, &dg)) {
		ret = -EINVAL;
		goto out;
	}
	root = ydoc_root(&d);
	if (ynode_expect(&d, root, YAML_MAPPING_NODE, "the configuration") ||
	    ymap_check_fields(&d, root, fields, "the configuration")) {
		ret = -EINVAL;
		goto doc;
	}
	if ((v = ymap_get(&d, root, "fail-on")) && !c->fail_on_set) {
		if (ynode_string(&d, v, "fail-on", &s) || parse_fail_on(s, &c->fail_on)) {
			ydiag(&d, v, SEV_ERROR, "fail-on must be error, warning, note or none");
			ret = -EINVAL;
		}
	}
	if ((v = ymap_get(&d, root, "kernel")) && !c->kernel_set) {
		if (ynode_string(&d, v, "kernel", &s) || !kver_string_valid(s)) {
			ydiag(&d, v, SEV_ERROR, "kernel must be a version such as \"5.15\" (quoted)");
			ret = -EINVAL;
		} else {
			c->kernel = arena_strdup(&c->arena, s);
		}
	}
	if ((v = ymap_get(&d, root, "disable"))) {
		yaml_node_item_t *it;

		if (ynode_expect(&d, v, YAML_SEQUENCE_NODE, "disable")) {
			ret = -EINVAL;
		} else {
			for (it = yseq_begin(v); it < yseq_end(v); it++)
				if (!ynode_string(&d, ydoc_node(&d, *it), "a rule id", &s))
					add_disabled(c, s);
		}
	}
	if ((v = ymap_get(&d, root, "context"))) {
		yaml_node_item_t *it;

		if (v->type == YAML_SCALAR_NODE) {
			if (parse_context(c, ynode_scalar(v)))
				ret = -EINVAL;
		} else if (ynode_expect(&d, v, YAML_SEQUENCE_NODE, "context")) {
			ret = -EINVAL;
		} else {
			for (it = yseq_begin(v); it < yseq_end(v); it++)
				if (!ynode_string(&d, ydoc_node(&d, *it), "a context", &s) && parse_context(c, s))
					ret = -EINVAL;
		}
	}
doc:
	ydoc_free(&d);
out:
	if (dg.n)
		diags_print(stderr, &dg, false);
	if (ret)
		errorf("the configuration %s is invalid", path);
	diags_free(&dg);
	free(buf);
	free(path);
	return ret;
}

/* Read a named file (regular file or stdin); never blocks on a FIFO left in a tree. */
static int read_input(const char *path, char **buf, size_t *len)
{
	struct stat st;
	int fd, r;

	if (strcmp(path, "-") == 0)
		return read_fd(STDIN_FILENO, LINT_FILE_MAX, buf, len);
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return S_ISDIR(st.st_mode) ? -EISDIR : -EINVAL;
	}
	r = read_fd(fd, LINT_FILE_MAX, buf, len);
	close(fd);
	return r;
}

static void lint_one(struct lint_cmd *c, const char *path, const char *shown)
{
	struct conf_file cf;
	char *buf = NULL;
	size_t len = 0;
	int r;

	r = read_input(path, &buf, &len);
	if (r) {
		errorf("cannot read %s: %s", shown, r == -EINVAL ? "not a regular file" :
		       r == -EFBIG ? "larger than 64 MiB" : strerror(-r));
		c->io_error = true;
		return;
	}
	conf_parse(&cf, shown, buf, len, &c->l.out);
	lint_file(&c->l, &cf);
	resolution_add(&c->l.res, &cf, DIALECT_SYSTEMD | DIALECT_PROCPS);
	conf_free(&cf);
	free(buf);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lint_dir(struct lint_cmd *c, const char *dir)
{
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	DIR *d = opendir(dir);

	if (!d) {
		errorf("cannot read %s: %s", dir, strerror(errno));
		c->io_error = true;
		return;
	}
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !str_endswith(de->d_name, ".conf"))
			continue;
		GROW(names, cap, n + 1);
		names[n++] = xasprintf("%s%s%s", dir, str_endswith(dir, "/") ? "" : "/", de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n; i++) {
		lint_one(c, names[i], names[i]);
		free(names[i]);
	}
	free(names);
	if (n == 0) {
		/* a mistyped CI path must not pass as "no problems" */
		errorf("%s has no *.conf files to lint", dir);
		c->io_error = true;
	}
}

static void tree_file(void *arg, struct conf_file *cf, unsigned dialects)
{
	(void)dialects;
	lint_file(arg, cf);
}

static int context_from_profile(struct lint_cmd *c)
{
	struct profile_set ps;
	struct profile p;
	int r;

	r = resolve_profile_arg("lint", c->profile, &ps, &p);
	if (!r) {
		if (p.ctx_nat >= 0 && c->ctx_nat < 0)
			c->ctx_nat = p.ctx_nat;
		if (p.ctx_fwd >= 0 && c->ctx_fwd < 0)
			c->ctx_fwd = p.ctx_fwd;
		free(p.settings);
	}
	profile_set_free(&ps);
	return r;
}

int cmd_lint(int argc, char **argv)
{
	enum {
		O_FAIL_ON = OPT_FIRST_COMMAND_OPT, O_EXIT_ZERO, O_ROOT, O_KERNEL, O_CONTEXT, O_PROFILE,
		O_DISABLE, O_STDIN_NAME, O_CONFIG, O_NO_CONFIG,
	};
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "fail-on", required_argument, NULL, O_FAIL_ON },
		{ "exit-zero", no_argument, NULL, O_EXIT_ZERO },
		{ "root", required_argument, NULL, O_ROOT },
		{ "kernel", required_argument, NULL, O_KERNEL },
		{ "context", required_argument, NULL, O_CONTEXT },
		{ "profile", required_argument, NULL, O_PROFILE },
		{ "profile-dir", required_argument, NULL, OPT_PROFILE_DIR },
		{ "disable", required_argument, NULL, O_DISABLE },
		{ "stdin-filename", required_argument, NULL, O_STDIN_NAME },
		{ "config", required_argument, NULL, O_CONFIG },
		{ "no-config", no_argument, NULL, O_NO_CONFIG },
		{ NULL, 0, NULL, 0 },
	};
	struct lint_cmd c = { .fail_on = SEV_WARNING, .ctx_nat = -1, .ctx_fwd = -1, .ctx_container = -1 };
	struct lint_opts lo = { 0 };
	struct lint_summary sum = { 0 };
	struct sysview sv;
	int opt, r, ret, i;
	size_t j;

	optind = 0;
	while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		r = app_common_option("lint", opt, optarg);
		if (r < 0) {
			ret = EXIT_USAGE;
			goto out;
		}
		if (r)
			continue;
		switch (opt) {
		case 'h':
			fputs(lint_usage, stdout);
			ret = EXIT_OK;
			goto out;
		case OPT_FORMAT:
			if (lint_format_parse(optarg, &c.fmt)) {
				ret = usage_error("lint", "unknown format '%s' (text, json, sarif, github, gitlab)", optarg);
				goto out;
			}
			break;
		case O_FAIL_ON:
			if (parse_fail_on(optarg, &c.fail_on)) {
				ret = usage_error("lint", "--fail-on takes error, warning, note or none");
				goto out;
			}
			c.fail_on_set = true;
			break;
		case O_EXIT_ZERO:
			c.exit_zero = true;
			break;
		case O_ROOT:
			c.root = optarg;
			break;
		case O_KERNEL:
			if (!kver_string_valid(optarg)) {
				ret = usage_error("lint", "--kernel takes a version such as 4.9 or 5.15.0");
				goto out;
			}
			c.kernel = optarg;
			c.kernel_set = true;
			break;
		case O_CONTEXT:
			if (parse_context(&c, optarg)) {
				ret = EXIT_USAGE;
				goto out;
			}
			break;
		case O_PROFILE:
			c.profile = optarg;
			break;
		case OPT_PROFILE_DIR:
			app.profile_dir = optarg;
			break;
		case O_DISABLE:
			add_disabled(&c, optarg);
			break;
		case O_STDIN_NAME:
			c.stdin_name = optarg;
			break;
		case O_CONFIG:
			c.config = optarg;
			break;
		case O_NO_CONFIG:
			c.no_config = true;
			break;
		default:
			ret = usage_error("lint", "unknown option");
			goto out;
		}
	}
	if (c.root && optind < argc) {
		ret = usage_error("lint", "give either --root DIR or files, not both");
		goto out;
	}
	if (!c.root && optind == argc) {
		ret = usage_error("lint", "what should be linted? e.g. tcptune lint /etc/sysctl.conf /etc/sysctl.d/");
		goto out;
	}
	if (load_config(&c)) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (app_load()) {
		ret = EXIT_USAGE;
		goto out;
	}
	if (c.profile && context_from_profile(&c)) {
		ret = EXIT_USAGE;
		goto out;
	}
	lo.ctx_nat = c.ctx_nat;
	lo.ctx_fwd = c.ctx_fwd;
	lo.ctx_container = c.ctx_container;
	lo.disabled = (const char *const *)c.disabled;
	lo.compare_dialects = c.root != NULL;
	app_sysview(&sv);
	lo.hz = app.host.hz;
	if (c.kernel) {
		kver_parse(c.kernel, &lo.kernel);
		lo.kernel_given = true;
	} else if (!c.root) {
		/* judging this machine: its kernel, keys, interfaces and memory */
		lo.kernel = app.host.kver;
		lo.running = &sv;
		lo.mem_kib = host_mem_kib();
		if (app.host.child_netns && lo.ctx_container < 0)
			lo.ctx_container = 1;
	}
	lint_init(&c.l, &app.cat, &app.rules, &lo);
	if (c.root) {
		r = resolve_tree(c.root, &c.l.res, tree_file, &c.l, &c.l.out);
		if (r) {
			errorf("cannot read the tree %s: %s", c.root, strerror(-r));
			ret = EXIT_USAGE;
			goto out_lint;
		}
		/* files the tree could not open are reported as findings without an id */
		for (j = 0; j < c.l.out.n; j++)
			if (!c.l.out.v[j].id)
				c.io_error = true;
	} else {
		for (i = optind; i < argc; i++) {
			struct stat st;

			if (strcmp(argv[i], "-") == 0)
				lint_one(&c, "-", c.stdin_name ? c.stdin_name : "<stdin>");
			else if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
				lint_dir(&c, argv[i]);
			else
				lint_one(&c, argv[i], argv[i]);
		}
	}
	lint_finish(&c.l);
	sum.files = c.l.files;
	sum.assignments = c.l.lines;
	sum.fail_on = c.fail_on;
	sum.failed = c.fail_on >= 0 && diags_count(&c.l.out, (enum severity)c.fail_on) > 0;
	if (lint_output(stdout, c.fmt, &c.l.out, &app.rules, &sum))
		c.io_error = true;
	ret = c.io_error ? EXIT_USAGE : sum.failed && !c.exit_zero ? EXIT_FAIL : EXIT_OK;
out_lint:
	lint_free(&c.l);
out:
	for (j = 0; j < c.ndisabled; j++)
		free(c.disabled[j]);
	free(c.disabled);
	arena_free(&c.arena);
	return ret;
}
