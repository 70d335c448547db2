// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * tcptune: a sysctl tuning advisor and applier with rollback.
 * Dispatch follows git's command table: one row per subcommand, with
 * whether it only reads (then every capability is dropped first).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>

#include "app.h"
#include "caps.h"
#include "commands.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	bool read_only;
	const char *summary;
};

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

static const struct command commands[] = {
	{ "plan", cmd_plan, true, "show what a profile would change on this kernel, and why" },
	{ "explain", cmd_explain, true, "what a knob really does, with its kernel facts" },
	{ "apply", cmd_apply, false, "apply a profile (or the recorded plan) as one transaction" },
	{ "rollback", cmd_rollback, false, "undo an applied transaction exactly" },
	{ "verify", cmd_verify, true, "check the kernel and boot files still match what was applied" },
	{ "history", cmd_history, false, "list transactions" },
	{ "lint", cmd_lint, true, "check sysctl.conf and sysctl.d files, for people and CI" },
	{ "rules", cmd_rules, true, "list the rules lint and plan apply, or explain one" },
	{ "profiles", cmd_profiles, true, "list built-in and user profiles" },
	{ "profile", cmd_profile, true, "show a resolved profile, or validate profile files" },
	{ "selfcheck", cmd_selfcheck, true, "validate the catalog, rules and profiles" },
	{ "help", cmd_help, true, "show help for tcptune or a command" },
	{ "version", cmd_version, true, "print the version" },
};

/* The value of "--name VALUE" or "--name=VALUE" in a command's arguments, or NULL. */
static const char *option_value(int argc, char **argv, const char *name)
{
	size_t len = strlen(name);
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		if (strcmp(argv[i], name) == 0 && i + 1 < argc)
			return argv[i + 1];
		if (strncmp(argv[i], name, len) == 0 && argv[i][len] == '=')
			return argv[i] + len + 1;
	}
	return NULL;
}

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void main_usage(FILE *f)
{
	size_t i;

	fputs("Usage: tcptune [GLOBAL OPTIONS] COMMAND [ARGS]\n"
	      "\n"
	      "A Linux sysctl tuning advisor: compares tuning profiles with the running\n"
	      "kernel and explains every knob from the kernel's own facts.\n"
	      "\n"
	      "Commands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-10s  %s\n", commands[i].name, commands[i].summary);
	fputs("\n"
	      "Global options (also accepted after the command):\n"
	      "  --proc-sys DIR          read sysctls from DIR instead of /proc/sys\n"
	      "  --config-dir DIR        configuration directory (default: /etc/tcptune)\n"
	      "  --state-dir DIR         state directory (default: /var/lib/tcptune, or\n"
	      "                          $TCPTUNE_STATE_DIR)\n"
	      "  --color auto|always|never  colour (default: auto, only on a terminal)\n"
	      "  -h, --help              show this help\n"
	      "  --version               print the version\n"
	      "\n"
	      "`tcptune COMMAND --help` describes a command; man tcptune(8) has the rest.\n", f);
}

static int cmd_help(int argc, char **argv)
{
	const struct command *c;
	char *sub[] = { NULL, "--help", NULL };

	if (argc < 2) {
		main_usage(stdout);
		return EXIT_OK;
	}
	c = find_command(argv[1]);
	if (!c)
		return usage_error("help", "no command '%s'", argv[1]);
	if (c->fn == cmd_help || c->fn == cmd_version) {
		main_usage(stdout);
		return EXIT_OK;
	}
	sub[0] = argv[1];
	return c->fn(2, sub);
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("tcptune %s\n", TCPTUNE_VERSION);
	return EXIT_OK;
}

/*
 * Run with file capabilities (or setuid), the caller is not trusted with
 * the paths that decide what is written and where knowledge comes from.
 */
static int refuse_untrusted_paths(int argc, char **argv)
{
	static const char *const paths[] = {
		"--state-dir", "--config-dir", "--proc-sys", "--profile-dir", "--dropin",
	};
	size_t p, len;
	int i;

	if (!getauxval(AT_SECURE))
		return 0;
	for (i = 1; i < argc && strcmp(argv[i], "--"); i++) {
		for (p = 0; p < ARRAY_SIZE(paths); p++) {
			len = strlen(paths[p]);
			if (strncmp(argv[i], paths[p], len) == 0 && (argv[i][len] == '\0' || argv[i][len] == '=')) {
				fprintf(stderr, "tcptune: %s is refused: tcptune runs with file capabilities here, so it uses only its default directories. Run it as root to use %s.\n",
					paths[p], paths[p]);
				return EXIT_USAGE;
			}
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct command *c;
	int i = 1, ret;

	ret = refuse_untrusted_paths(argc, argv);
	if (ret)
		return ret;

	/* global options before the command: exact names, "--name VALUE" or "--name=VALUE" */
	while (i < argc && argv[i][0] == '-') {
		static const struct { const char *name; int opt; } globals[] = {
			{ "--proc-sys", OPT_PROC_SYS }, { "--config-dir", OPT_CONFIG_DIR },
			{ "--state-dir", OPT_STATE_DIR }, { "--color", OPT_COLOR }, { "--colour", OPT_COLOR },
		};
		const char *a = argv[i], *val = NULL;
		size_t g, len;
		int opt = 0;

		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			main_usage(stdout);
			return EXIT_OK;
		}
		if (!strcmp(a, "--version"))
			return cmd_version(0, NULL);
		for (g = 0; g < ARRAY_SIZE(globals) && !opt; g++) {
			len = strlen(globals[g].name);
			if (strncmp(a, globals[g].name, len) == 0 && (a[len] == '\0' || a[len] == '=')) {
				opt = globals[g].opt;
				val = a[len] == '=' ? a + len + 1 : NULL;
			}
		}
		if (!opt)
			return usage_error("", "unknown global option '%s'", a);
		if (!val) {
			if (i + 1 >= argc)
				return usage_error("", "%s needs a value", a);
			val = argv[++i];
		}
		if (app_common_option("", opt, val) < 0)
			return EXIT_USAGE;
		i++;
	}
	if (i >= argc) {
		main_usage(stderr);
		return EXIT_USAGE;
	}
	c = find_command(argv[i]);
	if (!c) {
		fprintf(stderr, "tcptune: '%s' is not a command. See 'tcptune --help'.\n", argv[i]);
		return EXIT_USAGE;
	}
	if (c->read_only) {
		int r = caps_drop_all();

		if (r)
			/* not fatal: without capabilities to drop, there is nothing to lose */
			warnf("could not drop capabilities: %s", strerror(-r));
	}
	/* an interrupted apply must be noticed by whatever runs next */
	if (c->fn != cmd_help && c->fn != cmd_version && c->fn != cmd_rollback) {
		const char *sd = option_value(argc - i, argv + i, "--state-dir");

		if (sd)
			app.state_dir = sd;	/* the command's own --state-dir, parsed again later */
		app_warn_pending();
	}
	ret = c->fn(argc - i, argv + i);
	app_free();
	fflush(stdout);
	if (ferror(stdout)) {
		errorf("could not write the output");
		return EXIT_FAIL;
	}
	return ret;
}
