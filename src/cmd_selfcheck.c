// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcptune selfcheck: validate the catalog, the rules and every profile
 * (built-in and CONFIG_DIR). The build runs it on the embedded data, so a
 * malformed catalog fails `make`, not a user's run.
 */
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commands.h"
#include "term.h"

static const char selfcheck_usage[] =
	"Usage: tcptune selfcheck [OPTIONS]\n"
	"\n"
	"Validate tcptune's data: the knob catalog, the rules and every profile it can\n"
	"find (built-in, CONFIG_DIR and --profile-dir). Run it after editing files in\n"
	"/etc/tcptune. Every problem is printed as file:line:col: severity: message.\n"
	"\n"
	"Options:\n"
	"  --profile-dir DIR       also check DIR/*.yaml\n"
	"  --config-dir DIR        configuration directory (default: /etc/tcptune)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 all valid, 1 problems found, 2 usage error.\n";

/* Every rule's `at` and message keys must name catalog knobs; checked by the loader. */
int cmd_selfcheck(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "profile-dir", required_argument, NULL, OPT_PROFILE_DIR },
		{ NULL, 0, NULL, 0 },
	};
	struct profile_set ps;
	struct diags dg = { 0 };
	size_t i, errors, warnings;
	int c, r;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		r = app_common_option("selfcheck", c, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (c == 'h') {
			fputs(selfcheck_usage, stdout);
			return EXIT_OK;
		}
		if (c == OPT_PROFILE_DIR) {
			app.profile_dir = optarg;
			continue;
		}
		return usage_error("selfcheck", "unknown option");
	}
	if (optind != argc)
		return usage_error("selfcheck", "takes no arguments");
	if (app_load())
		return EXIT_FAIL;
	if (app.cat.n == 0)
		diag_add(&dg, SEV_ERROR, NULL, 0, 0, "the knob catalog is empty");
	if (app.rules.n == 0)
		diag_add(&dg, SEV_ERROR, NULL, 0, 0, "the rule set is empty");
	profile_set_init(&ps, &app.cat, app.profile_dir, app.config_dir);
	for (i = 0; i < ps.n; i++) {
		struct profile p;

		if (profile_resolve_source(&ps, i, &dg, &p) == 0)
			free(p.settings);
	}
	errors = diags_count(&dg, SEV_ERROR);
	warnings = dg.n - errors;
	diags_print(stderr, &dg, term_color(stderr));
	printf("selfcheck: %zu knobs, %zu rules, %zu profiles: %zu error%s, %zu warning%s\n",
	       app.cat.n, app.rules.n, ps.n, errors, errors == 1 ? "" : "s", warnings,
	       warnings == 1 ? "" : "s");
	diags_free(&dg);
	profile_set_free(&ps);
	/* built-in data must be clean: warnings count as failures too */
	return errors || warnings ? EXIT_FAIL : EXIT_OK;
}
