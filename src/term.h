/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Terminal colour: only on a tty, never with NO_COLOR or TERM=dumb. */
#ifndef TCPTUNE_TERM_H
#define TCPTUNE_TERM_H

#include <stdbool.h>
#include <stdio.h>

#define TERM_RESET "\033[0m"
#define TERM_BOLD "\033[1m"
#define TERM_DIM "\033[2m"
#define TERM_RED "\033[31m"
#define TERM_GREEN "\033[32m"
#define TERM_YELLOW "\033[33m"
#define TERM_CYAN "\033[36m"

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

int color_mode_parse(const char *s, enum color_mode *m);
void term_set_color_mode(enum color_mode m);
bool term_color(FILE *f);	/* should output to f be coloured? */
const char *term_c(FILE *f, const char *code);	/* code, or "" without colour */

#endif
