/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared helpers for the cmocka unit tests. */
#ifndef TCPTUNE_TESTUTIL_H
#define TCPTUNE_TESTUTIL_H

/* cmocka 1.1 needs these first */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/types.h>

#include "catalog.h"
#include "diag.h"
#include "profile.h"
#include "rules.h"

/* Load the built-in (embedded) catalog and rules; fails the test on any error. */
void tu_load_catalog(struct catalog *c);
void tu_load_rules(struct ruleset *rs, const struct catalog *c);

/* Load a catalog or rules from a YAML string, returning the loader's result. */
int tu_catalog_from(struct catalog *c, const char *yaml, struct diags *dg);

/* A private temporary directory (caller frees the string, tu_rmtree removes it). */
char *tu_tmpdir(void);
void tu_rmtree(const char *dir);
/* Write a file (creating directories) with the given mode. */
void tu_write(const char *dir, const char *relpath, const char *content, mode_t mode);
/* Fake /proc/sys: set a key's value ("net.core.somaxconn") under root. */
void tu_sysctl(const char *root, const char *key, const char *value, mode_t mode);

/* Assert that dg has a diagnostic at line:col whose message contains text. */
void tu_assert_diag(const struct diags *dg, enum severity sev, int line, int col, const char *text);
/* Print all diagnostics (for debugging a failing test). */
void tu_dump(const struct diags *dg);

#endif
