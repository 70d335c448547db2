// SPDX-License-Identifier: GPL-2.0-or-later
#include "app.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "procfs.h"
#include "state.h"
#include "term.h"
#include "txn.h"

#define DATA_MAX_BYTES (4 << 20)

struct app app = { .config_dir = DEFAULT_CONFIG_DIR };

static void vmsg(const char *what, const char *color, const char *fmt, va_list ap)
{
	fprintf(stderr, "tcptune: %s%s%s: ", term_c(stderr, color), what, term_c(stderr, TERM_RESET));
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void errorf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error", TERM_RED, fmt, ap);
	va_end(ap);
}

void warnf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning", TERM_YELLOW, fmt, ap);
	va_end(ap);
}

bool getopt_has(int argc, char **argv, const struct option *opts, int val)
{
	int saved = opterr, c;
	bool found = false;

	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1)
		found |= c == val;
	opterr = saved;
	optind = 0;
	return found;
}

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "tcptune%s%s: ", *cmd ? " " : "", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'tcptune %s%s--help'.\n", cmd, *cmd ? " " : "");
	return EXIT_USAGE;
}

int app_common_option(const char *cmd, int c, const char *arg)
{
	enum color_mode m;

	switch (c) {
	case OPT_PROC_SYS:
		procfs_set_root(arg);
		return 1;
	case OPT_CONFIG_DIR:
		app.config_dir = arg;
		return 1;
	case OPT_STATE_DIR:
		app.state_dir = arg;
		return 1;
	case OPT_COLOR:
		if (color_mode_parse(arg, &m)) {
			usage_error(cmd, "--color takes auto, always or never, not '%s'", arg);
			return -1;
		}
		term_set_color_mode(m);
		return 1;
	default:
		return 0;
	}
}

int format_parse(const char *cmd, const char *s, unsigned allowed, enum out_format *f)
{
	static const struct { const char *name; enum out_format f; } formats[] = {
		{ "text", FMT_TEXT }, { "json", FMT_JSON }, { "yaml", FMT_YAML },
	};
	struct strbuf names = STRBUF_INIT;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		if (!(allowed & formats[i].f))
			continue;
		if (strcmp(s, formats[i].name) == 0) {
			*f = formats[i].f;
			sb_release(&names);
			return 0;
		}
		sb_addf(&names, "%s%s", names.len ? ", " : "", formats[i].name);
	}
	usage_error(cmd, "unknown format '%s' (%s)", s, sb_str(&names));
	sb_release(&names);
	return -EINVAL;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every *.yaml in dir, sorted, as paths (caller frees). */
static char **list_yaml(const char *dir, size_t *n)
{
	struct dirent *de;
	char **v = NULL;
	size_t cap = 0;
	DIR *d = opendir(dir);

	*n = 0;
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' || !str_endswith(de->d_name, ".yaml"))
			continue;
		GROW(v, cap, *n + 1);
		v[(*n)++] = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof(*v), name_cmp);
	return v;
}

typedef int (*load_fn)(void *target, const char *file, const char *buf, size_t len, struct diags *dg);

static int load_catalog_file(void *t, const char *file, const char *buf, size_t len, struct diags *dg)
{
	return catalog_load(t, file, buf, len, dg);
}

static int load_rules_file(void *t, const char *file, const char *buf, size_t len, struct diags *dg)
{
	return rules_load(t, &app.cat, file, buf, len, dg);
}

static void load_path(load_fn fn, void *target, const char *path, struct diags *dg)
{
	char *buf = NULL;
	size_t len;
	int r = read_file(path, DATA_MAX_BYTES, &buf, &len);

	if (r == -ENOENT)
		return;
	if (r)
		diag_add(dg, SEV_ERROR, path, 0, 0, "cannot read: %s", strerror(-r));
	else
		fn(target, path, buf, len, dg);
	free(buf);
}

int app_load(void)
{
	struct diags dg = { 0 };
	char **files, *dir;
	size_t n, i;
	int ret = 0;

	if (app.loaded)
		return 0;
	app.loaded = true;
	/* built-in knowledge is compiled in (tools/gendata.c): no YAML to parse */
	catalog_load_builtin(&app.cat);
	dir = xasprintf("%s/knobs", app.config_dir);
	files = list_yaml(dir, &n);
	for (i = 0; i < n; i++) {
		load_path(load_catalog_file, &app.cat, files[i], &dg);
		free(files[i]);
	}
	free(files);
	free(dir);
	if (rules_load_builtin(&app.rules))
		diag_add(&dg, SEV_ERROR, NULL, 0, 0, "the built-in rules do not compile");
	dir = xasprintf("%s/rules.yaml", app.config_dir);
	load_path(load_rules_file, &app.rules, dir, &dg);
	free(dir);
	if (diags_count(&dg, SEV_ERROR)) {
		diags_print(stderr, &dg, term_color(stderr));
		errorf("the knob catalog or rules above are invalid; fix or remove the files in %s",
		       app.config_dir);
		ret = -EINVAL;
	}
	diags_free(&dg);
	return ret;
}

int app_sysview(struct sysview *sv)
{
	int r = procfs_check_root();

	if (r) {
		errorf("cannot open %s: %s", procfs_root(), strerror(-r));
		return r;
	}
	if (!app.probed) {
		host_probe(&app.host);
		app.probed = true;
	}
	memset(sv, 0, sizeof(*sv));
	procfs_sysview(sv);
	sv->kernel = app.host.kver;
	sv->child_netns = app.host.child_netns;
	sv->hz = app.host.hz;
	return 0;
}

const char *app_state_dir(void)
{
	/* secure_getenv: under file capabilities the environment is not trusted */
	const char *env = secure_getenv("TCPTUNE_STATE_DIR");

	if (app.state_dir)
		return app.state_dir;
	return env && *env ? env : STATE_DEFAULT_DIR;
}

void app_warn_pending(void)
{
	struct state st;
	char err[256], *id;

	if (state_open(&st, app_state_dir(), false, err, sizeof(err)))
		return;
	id = txn_find_pending(&st);
	if (id)
		warnf("transaction %s did not finish (tcptune was interrupted while applying): the machine may be half-tuned; run `tcptune rollback` to restore the state before it",
		      id);
	free(id);
	state_close(&st);
}

void app_free(void)
{
	catalog_free(&app.cat);
	rules_free(&app.rules);
	procfs_set_root(NULL);
	app.loaded = false;
}

void print_wrapped(FILE *f, const char *text, int indent, int width)
{
	print_wrapped_at(f, text, indent, width, 0);
}

void print_wrapped_at(FILE *f, const char *text, int indent, int width, int col)
{
	const char *p = text;

	while (*p) {
		const char *w;
		int len;

		if (*p == '\n') {
			/* keep paragraph breaks; fold single newlines */
			if (p[1] == '\n') {
				fputs("\n\n", f);
				col = 0;
				while (*p == '\n')
					p++;
				continue;
			}
			p++;
			continue;
		}
		if (*p == ' ') {
			p++;
			continue;
		}
		for (w = p; *w && *w != ' ' && *w != '\n'; w++)
			;
		len = (int)(w - p);
		if (col > indent && col + 1 + len > width) {
			fputc('\n', f);
			col = 0;
		}
		if (col == 0) {
			fprintf(f, "%*s", indent, "");
			col = indent;
		} else if (col > indent || text != p) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, (size_t)len, f);
		col += len;
		p = w;
	}
	if (col)
		fputc('\n', f);
}

int json_print(json_t *root)
{
	int r = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(root);
	fputc('\n', stdout);
	return r ? -EIO : 0;
}

json_t *json_str_or_null(const char *s)
{
	json_t *j;
	char *copy, *p;

	if (!s)
		return json_null();
	j = json_string(s);
	if (j)
		return j;
	/* not UTF-8 (bytes from a linted file): keep ASCII, mark the rest */
	copy = xstrdup(s);
	for (p = copy; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(copy);
	free(copy);
	return j ? j : json_null();
}
