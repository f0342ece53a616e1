/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/*
 * The manual's examples, compiled and run: every docs/examples/NAME.c found
 * when this runs (whoever added it) is built with the warnings a user's
 * build would have, against the library, and run. It must exit 0 (each
 * example checks its own outcome) and print exactly docs/examples/NAME.out,
 * or nothing when there is no such file, because the manual shows that
 * output as what the reader will see.
 *
 * A file that needs the library built another way (a debug option) says so
 * in a line "example-cflags: FLAGS"; it is then compiled together with the
 * library's sources and those flags, since the installed library has no
 * debug option.
 *
 * Run from the top of the tree. Environment: CC (default cc), EXAMPLES_DIR
 * (docs/examples), EXAMPLES_OUT (build/docs/examples), EXAMPLES_LIB
 * (build/libmempool.a).
 */
#define _POSIX_C_SOURCE 200809L

#include <check.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#define EX_FLAGS "-std=c99 -Wall -Wextra -Werror -Iinclude"
#define EX_MAX_OUTPUT (64 * 1024)

static glob_t examples;

static const char *
env_or(const char *name, const char *fallback)
{
    const char *value = getenv(name);

    return value != NULL && value[0] != '\0' ? value : fallback;
}

/* Reads a whole file into a NUL-terminated buffer; NULL when absent. */
static char *
read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    size_t n;

    if (f == NULL) {
        return NULL;
    }
    buf = malloc(EX_MAX_OUTPUT + 1);
    ck_assert_ptr_nonnull(buf);
    n = fread(buf, 1, EX_MAX_OUTPUT, f);
    fclose(f);
    buf[n] = '\0';
    if (len != NULL) {
        *len = n;
    }
    return buf;
}

/* The file's "example-cflags:" value, or "" when it has none. */
static void
example_cflags(const char *source, char *flags, size_t size)
{
    const char *tag = strstr(source, "example-cflags:");
    size_t n = 0;

    flags[0] = '\0';
    if (tag == NULL) {
        return;
    }
    tag += strlen("example-cflags:");
    while (*tag == ' ') {
        tag++;
    }
    while (tag[n] != '\0' && tag[n] != '\n' && tag[n] != '*' && n + 1 < size) {
        n++;
    }
    memcpy(flags, tag, n);
    flags[n] = '\0';
}

/* Every "[name]" marker stands on exactly two lines: the snippet's start and
 * end. An unpaired marker would make a page show the rest of the file. */
static void
check_markers(const char *name, const char *source)
{
    const char *p = source;

    while ((p = strstr(p, "/* [")) != NULL) {
        const char *end = strstr(p, "] */");
        char marker[128];
        const char *q;
        int count = 0;
        size_t n;

        ck_assert_msg(end != NULL, "%s: unterminated snippet marker", name);
        n = (size_t)(end - p) + 4;
        ck_assert_msg(n < sizeof(marker), "%s: snippet marker too long", name);
        memcpy(marker, p, n);
        marker[n] = '\0';
        for (q = source; (q = strstr(q, marker)) != NULL; q += n) {
            count++;
        }
        ck_assert_msg(count == 2, "%s: marker %s appears %d times, not twice",
                      name, marker, count);
        p = end;
    }
}

START_TEST(test_example)
{
    const char *path = examples.gl_pathv[_i];
    const char *out_dir = env_or("EXAMPLES_OUT", "build/docs/examples");
    const char *cc = env_or("CC", "cc");
    char name[256];
    char flags[256];
    char bin[512];
    char expected_path[1024];
    char log_path[1024];
    char cmd[4096];
    const char *base = strrchr(path, '/');
    char *source;
    char *expected;
    char *log;
    char *output;
    size_t out_len = 0;
    size_t n;
    FILE *run;
    int status;

    base = base != NULL ? base + 1 : path;
    n = strlen(base) - 2; /* without ".c" */
    ck_assert_uint_lt(n, sizeof(name));
    memcpy(name, base, n);
    name[n] = '\0';

    source = read_file(path, NULL);
    ck_assert_msg(source != NULL, "cannot read %s", path);
    ck_assert_msg(strstr(source, "int\nmain(void)") != NULL ||
                      strstr(source, "int main(void)") != NULL,
                  "%s is not a complete program with int main(void)", path);
    check_markers(name, source);
    example_cflags(source, flags, sizeof(flags));

    snprintf(bin, sizeof(bin), "%s/%s", out_dir, name);
    if (flags[0] != '\0') {
        snprintf(cmd, sizeof(cmd),
                 "%s " EX_FLAGS " %s %s src/*.c -o %s -lpthread > %s.cc.log "
                 "2>&1",
                 cc, flags, path, bin, bin);
    } else {
        snprintf(cmd, sizeof(cmd),
                 "%s " EX_FLAGS " %s %s -o %s -lpthread > %s.cc.log 2>&1", cc,
                 path, env_or("EXAMPLES_LIB", "build/libmempool.a"), bin, bin);
    }
    status = system(cmd);
    snprintf(log_path, sizeof(log_path), "%s.cc.log", bin);
    log = read_file(log_path, NULL);
    ck_assert_msg(status == 0, "%s does not compile:\n%s\n%s", path, cmd,
                  log != NULL ? log : "");
    free(log);

    /* Its output, compared below with what the manual shows. */
    run = popen(bin, "r");
    ck_assert_msg(run != NULL, "cannot run %s", bin);
    output = malloc(EX_MAX_OUTPUT + 1);
    ck_assert_ptr_nonnull(output);
    out_len = fread(output, 1, EX_MAX_OUTPUT, run);
    output[out_len] = '\0';
    status = pclose(run);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "%s: the example's outcome is not what the manual says "
                  "(status %d)",
                  name, status);

    snprintf(expected_path, sizeof(expected_path), "%.*s/%s.out",
             (int)(base - path > 0 ? base - path - 1 : 0), path, name);
    expected = read_file(expected_path, NULL);
    if (expected != NULL) {
        ck_assert_msg(strcmp(output, expected) == 0,
                      "%s printed:\n%s\nbut %s says:\n%s", name, output,
                      expected_path, expected);
    } else {
        ck_assert_msg(out_len == 0,
                      "%s printed %zu bytes but has no %s to show them", name,
                      out_len, expected_path);
    }
    free(expected);
    free(output);
    free(source);
}
END_TEST

int
main(void)
{
    const char *dir = env_or("EXAMPLES_DIR", "docs/examples");
    const char *out_dir = env_or("EXAMPLES_OUT", "build/docs/examples");
    char pattern[512];
    SRunner *runner;
    Suite *suite;
    TCase *tc;
    size_t i;
    int failed;

    snprintf(pattern, sizeof(pattern), "%s/*.c", dir);
    if (glob(pattern, 0, NULL, &examples) != 0 || examples.gl_pathc == 0) {
        fprintf(stderr, "docs-examples: no example in %s\n", dir);
        return EXIT_FAILURE;
    }
    mkdir(out_dir, 0777);

    /* One case per example, named after it, so a failure names the file. */
    suite = suite_create("examples");
    for (i = 0; i < examples.gl_pathc; i++) {
        const char *base = strrchr(examples.gl_pathv[i], '/');

        tc = tcase_create(base != NULL ? base + 1 : examples.gl_pathv[i]);
        /* A debug example compiles the whole library: allow for a busy
         * machine. */
        tcase_set_timeout(tc, 300);
        tcase_add_loop_test(tc, test_example, (int)i, (int)i + 1);
        suite_add_tcase(suite, tc);
    }

    runner = srunner_create(suite);
    srunner_run_all(runner, CK_VERBOSE);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    globfree(&examples);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
