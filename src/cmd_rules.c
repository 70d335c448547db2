// SPDX-License-Identifier: GPL-2.0-or-later
/* tcptune rules [ID]: every rule, or one rule's full text. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "commands.h"
#include "lintout.h"
#include "term.h"

static const char rules_usage[] =
	"Usage: tcptune rules [OPTIONS] [ID...]\n"
	"\n"
	"Without an ID, list every rule: id, severity, category and one line. With IDs,\n"
	"print each rule's full text: what it detects, the kernel facts behind it, and\n"
	"the fix. Rule ids are stable; suppress one with '# tcptune: disable=ID'.\n"
	"\n"
	"Options:\n"
	"  --format text|json|markdown  output format (default: text); markdown is the\n"
	"                          reference page docs/rules.md\n"
	"  --config-dir DIR        configuration directory (default: /etc/tcptune)\n"
	"  -h, --help              show this help\n"
	"\n"
	"Exit status: 0 shown, 1 the rules in CONFIG_DIR are invalid, 2 unknown rule id\n"
	"or usage error.\n";

static void lower(char *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < n; i++)
		dst[i] = (char)tolower((unsigned char)src[i]);
	dst[i] = '\0';
}

static const char *where(const struct rule *r)
{
	return r->in_lint && r->in_plan ? "lint, plan" : r->in_lint ? "lint" : "plan";
}

static void rule_text(const struct rule *r)
{
	FILE *f = stdout;

	fprintf(f, "%s%s%s  %s  (%s; checked by %s)\n", term_c(f, TERM_BOLD), r->id, term_c(f, TERM_RESET),
		severity_name(r->sev), r->category, where(r));
	print_wrapped(f, r->summary, 2, 80);
	fprintf(f, "\n%sWhat it means%s\n", term_c(f, TERM_BOLD), term_c(f, TERM_RESET));
	print_wrapped(f, r->description, 2, 80);
	fprintf(f, "\n%sFix%s\n", term_c(f, TERM_BOLD), term_c(f, TERM_RESET));
	print_wrapped(f, r->fix, 2, 80);
	if (r->nkeys) {
		size_t i;

		fprintf(f, "\n%sKeys%s\n  ", term_c(f, TERM_BOLD), term_c(f, TERM_RESET));
		for (i = 0; i < r->nkeys; i++)
			fprintf(f, "%s%s", i ? ", " : "", r->keys[i]);
		fputc('\n', f);
	}
}

static json_t *rule_json(const struct rule *r)
{
	json_t *o = json_object(), *keys = json_array();
	char anchor[16], *uri;
	size_t i;

	lower(anchor, r->id, sizeof(anchor));
	json_object_set_new(o, "id", json_string(r->id));
	json_object_set_new(o, "severity", json_string(severity_name(r->sev)));
	json_object_set_new(o, "category", json_string(r->category));
	json_object_set_new(o, "lint", json_boolean(r->in_lint));
	json_object_set_new(o, "plan", json_boolean(r->in_plan));
	json_object_set_new(o, "builtin", json_boolean(r->builtin));
	json_object_set_new(o, "summary", json_string(r->summary));
	json_object_set_new(o, "description", json_string(r->description));
	json_object_set_new(o, "fix", json_string(r->fix));
	for (i = 0; i < r->nkeys; i++)
		json_array_append_new(keys, json_string(r->keys[i]));
	json_object_set_new(o, "keys", keys);
	uri = xasprintf("%s#%s", TCPTUNE_DOCS_URL, anchor);
	json_object_set_new(o, "help_uri", json_string(uri));
	free(uri);
	return o;
}

static void rule_markdown(const struct rule *r)
{
	char anchor[16];

	lower(anchor, r->id, sizeof(anchor));
	printf("## %s\n\n", r->id);
	printf("<a id=\"%s\"></a>**%s** (%s, %s; checked by %s)\n\n", anchor, r->summary, severity_name(r->sev),
	       r->category, where(r));
	printf("%s\n", r->description);
	printf("**Fix.** %s\n", r->fix);
}

int cmd_rules(int argc, char **argv)
{
	static const struct option opts[] = {
		COMMON_LONGOPTS,
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ NULL, 0, NULL, 0 },
	};
	enum { R_TEXT, R_JSON, R_MD } fmt = R_TEXT;
	const struct rule **sel;
	size_t nsel = 0, i;
	int c, r, ret = EXIT_OK;
	bool listing;

	optind = 0;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		r = app_common_option("rules", c, optarg);
		if (r < 0)
			return EXIT_USAGE;
		if (r)
			continue;
		if (c == 'h') {
			fputs(rules_usage, stdout);
			return EXIT_OK;
		}
		if (c == OPT_FORMAT) {
			if (!strcmp(optarg, "text"))
				fmt = R_TEXT;
			else if (!strcmp(optarg, "json"))
				fmt = R_JSON;
			else if (!strcmp(optarg, "markdown"))
				fmt = R_MD;
			else
				return usage_error("rules", "unknown format '%s' (text, json, markdown)", optarg);
			continue;
		}
		return usage_error("rules", "unknown option");
	}
	if (app_load())
		return EXIT_FAIL;
	listing = optind == argc;
	sel = xcalloc(app.rules.n + (size_t)argc, sizeof(*sel));
	if (listing) {
		for (i = 0; i < app.rules.n; i++)
			sel[nsel++] = app.rules.rules[i];
	}
	for (; optind < argc; optind++) {
		char id[16];
		const struct rule *ru;

		lower(id, argv[optind], sizeof(id));
		id[0] = (char)toupper((unsigned char)id[0]);
		id[1] = (char)toupper((unsigned char)id[1]);
		ru = rules_find(&app.rules, id);
		if (!ru) {
			errorf("no rule '%s'; `tcptune rules` lists them", argv[optind]);
			ret = EXIT_USAGE;
			continue;
		}
		sel[nsel++] = ru;
	}
	if (fmt == R_JSON) {
		json_t *root = json_object(), *arr = json_array();

		for (i = 0; i < nsel; i++)
			json_array_append_new(arr, rule_json(sel[i]));
		json_object_set_new(root, "schema_version", json_integer(1));
		json_object_set_new(root, "rules", arr);
		json_print(root);
	} else if (fmt == R_MD) {
		printf("# tcptune rules\n\n"
		       "Generated by `tcptune rules --format markdown` from schema/rules.yaml; do not edit.\n"
		       "Suppress a rule for one assignment with `# tcptune: disable=ID` on the line above,\n"
		       "or for a whole file with `# tcptune: disable-file=ID`.\n\n"
		       "| id | severity | category | summary |\n|---|---|---|---|\n");
		for (i = 0; i < nsel; i++) {
			char anchor[16];

			lower(anchor, sel[i]->id, sizeof(anchor));
			printf("| [%s](#%s) | %s | %s | %s |\n", sel[i]->id, anchor, severity_name(sel[i]->sev),
			       sel[i]->category, sel[i]->summary);
		}
		printf("\n");
		for (i = 0; i < nsel; i++) {
			rule_markdown(sel[i]);
			printf("\n");
		}
	} else if (!listing) {
		for (i = 0; i < nsel; i++) {
			if (i)
				fputc('\n', stdout);
			rule_text(sel[i]);
		}
	} else {
		for (i = 0; i < nsel; i++)
			printf("%s  %-7s  %-8s  %s\n", sel[i]->id, severity_name(sel[i]->sev), sel[i]->category,
			       sel[i]->summary);
	}
	free(sel);
	return ret;
}
