/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Lint output: text for people, and the formats CI systems read: JSON
 * (tcptune's own versioned contract), SARIF 2.1.0 (GitHub code scanning),
 * GitHub workflow-command annotations, GitLab Code Quality.
 */
#ifndef TCPTUNE_LINTOUT_H
#define TCPTUNE_LINTOUT_H

#include <stdio.h>

#include "diag.h"
#include "rules.h"

#define TCPTUNE_DOCS_URL "https://github.com/tcptune/tcptune/blob/main/docs/rules.md"

enum lint_format { LF_TEXT, LF_JSON, LF_SARIF, LF_GITHUB, LF_GITLAB };

struct lint_summary {
	size_t files, assignments;
	int fail_on;		/* severity threshold, or -1 for none */
	bool failed;
};

int lint_format_parse(const char *s, enum lint_format *f);
int lint_output(FILE *f, enum lint_format fmt, const struct diags *d, const struct ruleset *rs,
		const struct lint_summary *sum);

/* Escaping for GitHub workflow commands (exported for tests). */
char *gh_escape_data(const char *s);
char *gh_escape_property(const char *s);
/* A file path as a SARIF artifact URI (relative stays relative). */
char *sarif_uri(const char *path);
/* GitLab fingerprint: stable across line moves (id, path, key, message, occurrence). */
char *gitlab_fingerprint(const struct diag *d, unsigned occurrence);

#endif
