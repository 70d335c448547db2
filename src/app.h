/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * What every command shares: global options, the loaded catalog and
 * rules (built-in data plus CONFIG_DIR overrides), the view of the
 * running kernel, and small output helpers.
 */
#ifndef TCPTUNE_APP_H
#define TCPTUNE_APP_H

#include <getopt.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>

#include "catalog.h"
#include "host.h"
#include "plan.h"
#include "rules.h"

#define DEFAULT_CONFIG_DIR "/etc/tcptune"

struct app {
	const char *config_dir;
	const char *state_dir;	/* --state-dir, $TCPTUNE_STATE_DIR, or /var/lib/tcptune */
	const char *profile_dir;
	struct catalog cat;
	struct ruleset rules;
	bool loaded;
	struct host host;
	bool probed;
};

extern struct app app;

/* Options every command accepts (see tcptune(8), GLOBAL OPTIONS). */
enum {
	OPT_PROC_SYS = 0x100,
	OPT_CONFIG_DIR,
	OPT_COLOR,
	OPT_PROFILE_DIR,
	OPT_STATE_DIR,
	OPT_FORMAT,
	OPT_DETAILED_EXITCODE,
	OPT_FIRST_COMMAND_OPT,
};
#define COMMON_LONGOPTS \
	{ "proc-sys", required_argument, NULL, OPT_PROC_SYS }, \
	{ "config-dir", required_argument, NULL, OPT_CONFIG_DIR }, \
	{ "color", required_argument, NULL, OPT_COLOR }, \
	{ "colour", required_argument, NULL, OPT_COLOR }, \
	{ "state-dir", required_argument, NULL, OPT_STATE_DIR }, \
	{ "help", no_argument, NULL, 'h' }

/*
 * Handle a common option from getopt_long. Returns 1 if handled, 0 if c
 * is not a common option, -1 after printing a usage error.
 */
int app_common_option(const char *cmd, int c, const char *arg);
/*
 * Would getopt_long find option val in argv (abbreviations included)? A
 * silent first pass, for choices that must be made before the real one
 * (--detailed-exitcode decides what a usage error exits with).
 */
bool getopt_has(int argc, char **argv, const struct option *opts, int val);
/* Print "tcptune CMD: message" and the usage hint to stderr; EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Load catalog and rules once; prints problems; 0 or -EINVAL. */
int app_load(void);
/* Probe the running kernel once and build a sysview over procfs; prints why and returns -errno if /proc/sys cannot be opened. */
int app_sysview(struct sysview *sv);
void app_free(void);
/* The state directory in use. */
const char *app_state_dir(void);
/* Warn on stderr if an interrupted transaction is pending (quietly does nothing otherwise). */
void app_warn_pending(void);

enum out_format { FMT_TEXT = 1, FMT_JSON = 2, FMT_YAML = 4 };
int format_parse(const char *cmd, const char *s, unsigned allowed, enum out_format *f);

/* Output helpers. */
void print_wrapped(FILE *f, const char *text, int indent, int width);
/* The same, continuing a line already at column col (a label or "  - " printed before). */
void print_wrapped_at(FILE *f, const char *text, int indent, int width, int col);
int json_print(json_t *root);	/* steals root; 0 or -EIO */
json_t *json_str_or_null(const char *s);

#endif
