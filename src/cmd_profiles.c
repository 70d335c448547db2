// SPDX-License-Identifier: GPL-2.0-or-later
/* tcptune profiles / profile show / profile validate. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "app.h"
#include "commands.h"
#include "term.h"

static const char profiles_usage[] =
	"Usage: tcptune profiles [OPTIONS]\n"
	"\n"
	"List the profiles tcptune can find, one line each, in search order:\n"
	"--profile-dir, CONFIG_DIR/profiles (default /etc/tcptune/profiles), then the\n"
	"built-in set. A profile found earlier shadows a later one of the same name.\n"
	"\n"
	"Options:\n"
	"  --format text|json      output format (default: text)\n"
	"  --profile-dir DIR       also list DIR/*.yaml, searched first\n"
	"  --config-dir DIR        configuration directory (default: /etc/tcptune)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 listed (invalid profiles are listed as such), 1 the catalog or\n"
	"rules in CONFIG_DIR are invalid, 2 usage error.\n";

static const char profile_usage[] =
	"Usage: tcptune profile show [OPTIONS] PROFILE\n"
	"       tcptune profile validate [OPTIONS] FILE...\n"
	"\n"
	"show      print the resolved profile (after extends) as a flat profile in\n"
	"          YAML that `profile validate` accepts, or as JSON with where each\n"
	"          setting comes from\n"
	"validate  check profile files against the knob catalog: YAML syntax, fields,\n"
	"          keys (with \"did you mean\"), values within the kernel's bounds,\n"
	"          removed or refused knobs, extends chains; every problem is printed\n"
	"          as file:line:col: severity: message\n"
	"\n"
	"Options:\n"
	"  --format yaml|json      (show) output format (default: yaml)\n"
	"  --format text|json      (validate) output format (default: text)\n"
	"  --profile-dir DIR       look for profiles in DIR first\n"
	"  --config-dir DIR        configuration directory (default: /etc/tcptune)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 valid, 1 a file has errors, 2 usage error or unknown profile.\n";

/* Parse options shared by the three entry points. */
static int parse_opts(const char *cmd, const char *usage, int argc, char **argv, unsigned formats,
		      enum out_format *fmt)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "profile-dir", required_argument, NULL, OPT_PROFILE_DIR },
		{ NULL, 0, NULL, 0 },
	};
	int c, r;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		r = app_common_option(cmd, c, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		switch (c) {
		case 'h':
			fputs(usage, stdout);
			return -1;
		case OPT_FORMAT:
			if (format_parse(cmd, optarg, formats, fmt))
				return EXIT_USAGE;
			break;
		case OPT_PROFILE_DIR:
			app.profile_dir = optarg;
			break;
		default:
			return usage_error(cmd, "unknown option");
		}
	}
	return 0;
}

int cmd_profiles(int argc, char **argv)
{
	enum out_format fmt = FMT_TEXT;
	struct profile_set ps;
	size_t i, namew = 4;
	json_t *arr;
	int r;

	r = parse_opts("profiles", profiles_usage, argc, argv, FMT_TEXT | FMT_JSON, &fmt);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (optind != argc)
		return usage_error("profiles", "takes no arguments");
	if (app_load())
		return EXIT_FAIL;
	profile_set_init(&ps, &app.cat, app.profile_dir, app.config_dir);
	arr = json_array();
	for (i = 0; i < ps.n; i++)
		if (strlen(ps.v[i].name) > namew)
			namew = strlen(ps.v[i].name);
	if (fmt == FMT_TEXT)
		printf("%s%-*s  %-10s  %s%s\n", term_c(stdout, TERM_BOLD), (int)namew, "NAME", "SOURCE",
		       "DESCRIPTION", term_c(stdout, TERM_RESET));
	for (i = 0; i < ps.n; i++) {
		const struct profile_source *src = &ps.v[i];
		struct diags dg = { 0 };
		struct profile p;
		const char *desc;
		bool valid;

		valid = profile_resolve_source(&ps, i, &dg, &p) == 0;
		desc = valid ? p.description : "(invalid: `tcptune profile validate` shows why)";
		if (fmt == FMT_JSON) {
			json_t *o = json_object();

			json_object_set_new(o, "name", json_string(src->name));
			json_object_set_new(o, "path", json_string(src->path));
			json_object_set_new(o, "origin", json_string(src->origin));
			json_object_set_new(o, "description", json_str_or_null(valid ? p.description : NULL));
			json_object_set_new(o, "valid", json_boolean(valid));
			json_object_set_new(o, "shadowed", json_boolean(src->shadowed));
			json_array_append_new(arr, o);
		} else {
			printf("%-*s  %-10s  %s%s\n", (int)namew, src->name,
			       strcmp(src->origin, "built-in") == 0 ? "built-in" : "user", desc,
			       src->shadowed ? "  [shadowed]" : "");
			if (strcmp(src->origin, "built-in") != 0)
				printf("%*s  %s\n", (int)namew + 12, "", src->path);
		}
		if (valid)
			free(p.settings);
		diags_free(&dg);
	}
	if (fmt == FMT_JSON) {
		json_t *root = json_object();

		json_object_set_new(root, "schema_version", json_integer(1));
		json_object_set_new(root, "profiles", arr);
		r = json_print(root) ? EXIT_FAIL : EXIT_OK;
	} else {
		json_decref(arr);
		printf("\nA profile marked [shadowed] is hidden by one of the same name listed above it.\n");
		r = EXIT_OK;
	}
	profile_set_free(&ps);
	return r;
}

/* YAML through libyaml's emitter, so quoting is always right. */
struct yout {
	yaml_emitter_t em;
	yaml_event_t ev;
	bool failed;
};

static int yaml_write_stdout(void *data, unsigned char *buf, size_t size)
{
	(void)data;
	return fwrite(buf, 1, size, stdout) == size;
}

static void y_emit(struct yout *y)
{
	if (!y->failed && !yaml_emitter_emit(&y->em, &y->ev))
		y->failed = true;
}

static void y_scalar(struct yout *y, const char *s, bool quoted)
{
	yaml_scalar_event_initialize(&y->ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
				     quoted ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE);
	y_emit(y);
}

static void y_map(struct yout *y, bool start)
{
	if (start)
		yaml_mapping_start_event_initialize(&y->ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	else
		yaml_mapping_end_event_initialize(&y->ev);
	y_emit(y);
}

static int show_yaml(const struct profile *p)
{
	struct yout y = { 0 };
	size_t i;

	printf("# %s resolved by tcptune %s", p->name, TCPTUNE_VERSION);
	for (i = 0; i < p->nchain; i++)
		printf("%s%s", i ? " -> " : " from ", p->chain[i]);
	printf("\n");
	yaml_emitter_initialize(&y.em);
	yaml_emitter_set_output(&y.em, yaml_write_stdout, NULL);
	yaml_emitter_set_unicode(&y.em, 1);
	yaml_emitter_set_width(&y.em, 78);
	yaml_stream_start_event_initialize(&y.ev, YAML_UTF8_ENCODING);
	y_emit(&y);
	yaml_document_start_event_initialize(&y.ev, NULL, NULL, NULL, 1);
	y_emit(&y);
	y_map(&y, true);
	y_scalar(&y, "name", false);
	y_scalar(&y, p->name, false);
	y_scalar(&y, "description", false);
	y_scalar(&y, p->description, false);
	if (p->ctx_nat >= 0 || p->ctx_fwd >= 0) {
		y_scalar(&y, "context", false);
		y_map(&y, true);
		if (p->ctx_nat >= 0) {
			y_scalar(&y, "clients_behind_nat", false);
			y_scalar(&y, p->ctx_nat ? "true" : "false", false);
		}
		if (p->ctx_fwd >= 0) {
			y_scalar(&y, "forwards_traffic", false);
			y_scalar(&y, p->ctx_fwd ? "true" : "false", false);
		}
		y_map(&y, false);
	}
	y_scalar(&y, "settings", false);
	y_map(&y, true);
	for (i = 0; i < p->n; i++) {
		const struct setting *s = &p->settings[i];

		y_scalar(&y, s->key, false);
		y_map(&y, true);
		if (s->value) {
			y_scalar(&y, "value", false);
			y_scalar(&y, s->value, true);
		}
		if (s->at_least) {
			y_scalar(&y, "at_least", false);
			y_scalar(&y, s->at_least, true);
		}
		if (s->at_most) {
			y_scalar(&y, "at_most", false);
			y_scalar(&y, s->at_most, true);
		}
		y_scalar(&y, "why", false);
		y_scalar(&y, s->why, false);
		y_map(&y, false);
	}
	y_map(&y, false);
	y_map(&y, false);
	yaml_document_end_event_initialize(&y.ev, 1);
	y_emit(&y);
	yaml_stream_end_event_initialize(&y.ev);
	y_emit(&y);
	yaml_emitter_flush(&y.em);
	yaml_emitter_delete(&y.em);
	return y.failed ? -EIO : 0;
}

static int show_json(const struct profile *p)
{
	json_t *root = json_object(), *arr = json_array();
	size_t i;

	json_object_set_new(root, "schema_version", json_integer(1));
	json_object_set_new(root, "profile", profile_header_json(p));
	for (i = 0; i < p->n; i++) {
		const struct setting *s = &p->settings[i];
		json_t *o = json_object();

		json_object_set_new(o, "key", json_string(s->key));
		json_object_set_new(o, "value", json_str_or_null(s->value));
		json_object_set_new(o, "at_least", json_str_or_null(s->at_least));
		json_object_set_new(o, "at_most", json_str_or_null(s->at_most));
		json_object_set_new(o, "why", json_str_or_null(s->why));
		json_object_set_new(o, "from_profile", json_str_or_null(s->profile));
		json_object_set_new(o, "file", json_str_or_null(s->file));
		json_object_set_new(o, "line", json_integer(s->line));
		json_array_append_new(arr, o);
	}
	json_object_set_new(root, "settings", arr);
	return json_print(root);
}

static int profile_show(int argc, char **argv)
{
	enum out_format fmt = FMT_YAML;
	struct profile_set ps;
	struct profile p;
	int r;

	r = parse_opts("profile show", profile_usage, argc, argv, FMT_YAML | FMT_JSON, &fmt);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (optind != argc - 1)
		return usage_error("profile show", "name one profile");
	if (app_load())
		return EXIT_FAIL;
	r = resolve_profile_arg("profile show", argv[optind], &ps, &p);
	if (!r) {
		r = (fmt == FMT_JSON ? show_json(&p) : show_yaml(&p)) ? EXIT_FAIL : EXIT_OK;
		free(p.settings);
	}
	profile_set_free(&ps);
	return r;
}

static int profile_validate(int argc, char **argv)
{
	enum out_format fmt = FMT_TEXT;
	struct profile_set ps;
	struct diags all = { 0 };
	size_t errors, warnings;
	int r, i;

	r = parse_opts("profile validate", profile_usage, argc, argv, FMT_TEXT | FMT_JSON, &fmt);
	if (r)
		return r < 0 ? EXIT_OK : r;
	if (optind == argc)
		return usage_error("profile validate", "name at least one profile file");
	if (app_load())
		return EXIT_FAIL;
	profile_set_init(&ps, &app.cat, app.profile_dir, app.config_dir);
	for (i = optind; i < argc; i++) {
		struct profile p;
		/* a bare name is a file here too: validate what the user points at */
		char *arg = profile_arg_is_path(argv[i]) ? xstrdup(argv[i]) : xasprintf("./%s", argv[i]);

		if (profile_resolve(&ps, arg, &all, &p) == 0)
			free(p.settings);
		free(arg);
	}
	errors = diags_count(&all, SEV_ERROR);
	warnings = all.n - errors;
	if (fmt == FMT_JSON) {
		json_t *root = json_object(), *arr = json_array();
		size_t j;

		for (j = 0; j < all.n; j++) {
			json_t *o = json_object();

			json_object_set_new(o, "file", json_str_or_null(all.v[j].file));
			json_object_set_new(o, "line", json_integer(all.v[j].line));
			json_object_set_new(o, "column", json_integer(all.v[j].col));
			json_object_set_new(o, "severity", json_string(severity_name(all.v[j].sev)));
			json_object_set_new(o, "message", json_string(all.v[j].msg));
			json_array_append_new(arr, o);
		}
		json_object_set_new(root, "schema_version", json_integer(1));
		json_object_set_new(root, "valid", json_boolean(errors == 0));
		json_object_set_new(root, "problems", arr);
		json_print(root);
	} else {
		diags_print(stdout, &all, term_color(stdout));
		printf("%d file%s checked: %zu error%s, %zu warning%s.\n", argc - optind,
		       argc - optind == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
		       warnings == 1 ? "" : "s");
	}
	diags_free(&all);
	profile_set_free(&ps);
	return errors ? EXIT_FAIL : EXIT_OK;
}

int cmd_profile(int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
		fputs(profile_usage, argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : EXIT_OK;
	}
	if (strcmp(argv[1], "show") == 0)
		return profile_show(argc - 1, argv + 1);
	if (strcmp(argv[1], "validate") == 0)
		return profile_validate(argc - 1, argv + 1);
	return usage_error("profile", "unknown subcommand '%s' (show, validate)", argv[1]);
}
