// SPDX-License-Identifier: GPL-2.0-or-later
#include "key.h"

#include <errno.h>
#include <string.h>

static bool name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == ':' || c == '@' || c == '+';
}

bool key_valid(const char *key)
{
	const char *seg = key, *p;
	size_t len = strlen(key);

	if (len == 0 || len > KEY_MAX)
		return false;
	for (p = key;; p++) {
		if (*p == '.' || *p == '\0') {
			size_t n = (size_t)(p - seg);
			size_t i, slashes = 0;

			if (n == 0)
				return false;
			/* as a path this segment has '.' for '/': "." and ".." are refused */
			for (i = 0; i < n; i++)
				slashes += seg[i] == '/';
			if (slashes == n && n <= 2)
				return false;
			if (seg[0] == '/' || seg[n - 1] == '/')
				return false;
			if (*p == '\0')
				return true;
			seg = p + 1;
			continue;
		}
		if (*p != '/' && !name_char(*p))
			return false;
	}
}

int key_normalize(const char *in, char *out, size_t outlen)
{
	size_t len = strlen(in), i;
	const char *first = strpbrk(in, "./");
	bool swap = first && *first == '/';

	if (len + 1 > outlen || len > KEY_MAX)
		return -ENAMETOOLONG;
	for (i = 0; i < len; i++) {
		char c = in[i];

		if (swap && c == '/')
			c = '.';
		else if (swap && c == '.')
			c = '/';
		out[i] = c;
	}
	out[len] = '\0';
	return key_valid(out) ? 0 : -EINVAL;
}

int key_to_path(const char *key, char *out, size_t outlen)
{
	size_t len = strlen(key), i;

	if (!key_valid(key))
		return -EINVAL;
	if (len + 1 > outlen)
		return -ENAMETOOLONG;
	for (i = 0; i <= len; i++)
		out[i] = key[i] == '.' ? '/' : key[i] == '/' ? '.' : key[i];
	return 0;
}
