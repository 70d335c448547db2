// SPDX-License-Identifier: GPL-2.0-or-later
#include "term.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum color_mode mode = COLOR_AUTO;

int color_mode_parse(const char *s, enum color_mode *m)
{
	if (strcmp(s, "auto") == 0)
		*m = COLOR_AUTO;
	else if (strcmp(s, "always") == 0)
		*m = COLOR_ALWAYS;
	else if (strcmp(s, "never") == 0)
		*m = COLOR_NEVER;
	else
		return -EINVAL;
	return 0;
}

void term_set_color_mode(enum color_mode m)
{
	mode = m;
}

bool term_color(FILE *f)
{
	const char *t;

	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	if (getenv("NO_COLOR") && *getenv("NO_COLOR"))
		return false;
	t = getenv("TERM");
	if (t && strcmp(t, "dumb") == 0)
		return false;
	return isatty(fileno(f));
}

const char *term_c(FILE *f, const char *code)
{
	return term_color(f) ? code : "";
}
