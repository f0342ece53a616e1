/*
 * Licensed under the Apache License, Version 2.0 (see LICENSE).
 */

/* The stand-in for Check of check.h beside it: runs each test in a child
 * process, as Check's fork mode does. */
#define _POSIX_C_SOURCE 200809L

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"

#define MAX_TESTS 64
#define MAX_FIXTURES 4
#define MAX_TCASES 4
#define MAX_SUITES 16
/* Check's tests get 4 s by default; the long ones set their own. */
#define DEFAULT_TIMEOUT 4.0

struct TCase {
    const char *name;
    SFun setup[MAX_FIXTURES];
    SFun teardown[MAX_FIXTURES];
    int nfixtures;
    const TTest *tests[MAX_TESTS];
    int ntests;
    double timeout;
};

struct Suite {
    const char *name;
    TCase *tcases[MAX_TCASES];
    int ntcases;
};

struct SRunner {
    Suite *suites[MAX_SUITES];
    int nsuites;
    int run;
    int failed;
};

static const char *current_suite;
static const char *current_test;

static void *
must_alloc(size_t size)
{
    void *p = calloc(1, size);

    if (p == NULL) {
        perror("check32");
        exit(2);
    }
    return p;
}

Suite *
suite_create(const char *name)
{
    Suite *s = must_alloc(sizeof(*s));

    s->name = name;
    return s;
}

TCase *
tcase_create(const char *name)
{
    TCase *tc = must_alloc(sizeof(*tc));

    tc->name = name;
    tc->timeout = DEFAULT_TIMEOUT;
    return tc;
}

void
suite_add_tcase(Suite *s, TCase *tc)
{
    if (s->ntcases == MAX_TCASES) {
        abort();
    }
    s->tcases[s->ntcases++] = tc;
}

void
tcase_add_checked_fixture(TCase *tc, SFun setup, SFun teardown)
{
    if (tc->nfixtures == MAX_FIXTURES) {
        abort();
    }
    tc->setup[tc->nfixtures] = setup;
    tc->teardown[tc->nfixtures] = teardown;
    tc->nfixtures++;
}

void
tcase_set_timeout(TCase *tc, double seconds)
{
    tc->timeout = seconds;
}

void
tcase_add_test_(TCase *tc, const TTest *test)
{
    if (tc->ntests == MAX_TESTS) {
        abort();
    }
    tc->tests[tc->ntests++] = test;
}

SRunner *
srunner_create(Suite *s)
{
    SRunner *sr = must_alloc(sizeof(*sr));

    srunner_add_suite(sr, s);
    return sr;
}

void
srunner_add_suite(SRunner *sr, Suite *s)
{
    if (sr->nsuites == MAX_SUITES) {
        abort();
    }
    sr->suites[sr->nsuites++] = s;
}

void
ck_fail_(const char *file, int line, const char *fmt, ...)
{
    va_list ap;

    printf("%s:%d:F:%s:%s:0: ", file, line, current_suite, current_test);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    fflush(stdout);
    _exit(1);
}

/* Runs one test in a child; 0 passed, 1 failed, 2 error (crash, timeout). */
static int
run_test(const TCase *tc, const TTest *t)
{
    pid_t pid;
    int status;
    int i;

    fflush(stdout);
    pid = fork();
    if (pid < 0) {
        perror("check32: fork");
        return 2;
    }
    if (pid == 0) {
        alarm((unsigned)(tc->timeout + 0.999));
        for (i = 0; i < tc->nfixtures; i++) {
            if (tc->setup[i] != NULL) {
                tc->setup[i]();
            }
        }
        t->fn(0);
        for (i = tc->nfixtures - 1; i >= 0; i--) {
            if (tc->teardown[i] != NULL) {
                tc->teardown[i]();
            }
        }
        fflush(stdout);
        _exit(0);
    }
    if (waitpid(pid, &status, 0) != pid) {
        perror("check32: waitpid");
        return 2;
    }
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status) == 0 ? 0 : WEXITSTATUS(status) == 1 ? 1 : 2;
    }
    printf("%s:%d:E:%s:%s:0: (after this point) Received signal %d%s\n",
           t->file, t->line, current_suite, t->name, WTERMSIG(status),
           WTERMSIG(status) == SIGALRM ? " (test timed out)" : "");
    return 2;
}

void
srunner_run_all(SRunner *sr, enum print_output print)
{
    int checks = 0;
    int failures = 0;
    int errors = 0;
    int s;
    int c;
    int t;

    (void)print;
    printf("Running suite(s):");
    for (s = 0; s < sr->nsuites; s++) {
        current_suite = sr->suites[s]->name;
        printf(" %s\n", current_suite);
        for (c = 0; c < sr->suites[s]->ntcases; c++) {
            const TCase *tc = sr->suites[s]->tcases[c];

            for (t = 0; t < tc->ntests; t++) {
                int rc;

                current_test = tc->tests[t]->name;
                rc = run_test(tc, tc->tests[t]);
                checks++;
                failures += rc == 1;
                errors += rc == 2;
            }
        }
    }
    sr->run = checks;
    sr->failed = failures + errors;
    printf("%d%%: Checks: %d, Failures: %d, Errors: %d\n",
           checks == 0 ? 0 : 100 * (checks - sr->failed) / checks, checks,
           failures, errors);
}

int
srunner_ntests_failed(SRunner *sr)
{
    return sr->failed;
}

int
srunner_ntests_run(SRunner *sr)
{
    return sr->run;
}

void
srunner_free(SRunner *sr)
{
    int s;
    int c;

    for (s = 0; s < sr->nsuites; s++) {
        for (c = 0; c < sr->suites[s]->ntcases; c++) {
            free(sr->suites[s]->tcases[c]);
        }
        free(sr->suites[s]);
    }
    free(sr);
}
