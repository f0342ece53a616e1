#!/usr/bin/env python3
# Licensed under the Apache License, Version 2.0 (see LICENSE).
"""Self-test of tests/mutate/mutate.py, on small trees of its own under a
temporary directory (the project's tree is never touched): snippets found
across whitespace and never in comments, stale and ambiguous mutants
refused, catalogue syntax, functions without a mutant, and a mutant run
that kills, survives, times out and leaves the working tree as it was.
Prints one line per failure and "mutate-selftest: N passed, N failed"."""

import os
import queue
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import mutate  # noqa: E402

SOURCE = """/* x = 1; in a comment */
static int
helper(int a)
{
    int x = 1;

    if (a == 0 &&
        x == 1) {
        return 0;
    }
    return x;
}

#ifdef ONE
static int
port(void)
{
    return 1;
}
#else
static int
port(void)
{
    return 1;
}
#endif
"""

SUITES = """# a comment
fast 10 - - :: grep -q 'int x = 1;' src/a.c
slow 10 - - :: sleep 5
never 10 no/such/file - :: false
broken 10 - false :: true
skipper 10 - - :: echo 'port: rt: SKIPPED, no priorities'; echo 'port: 0 passed, 0 failed, 1 skipped'
partly 10 - - :: echo 'port: 1 passed, 0 failed, 1 skipped'
racy 10 - - :: if [ -e ran ]; then false; else touch ran; fi
"""


class Tree:
    """A tree with src/a.c, a catalogue and a suite table; mutate's paths
    point at it while a test runs."""

    def __init__(self, catalogue, suites=SUITES, source=SOURCE):
        self.tmp = tempfile.TemporaryDirectory()
        self.root = self.tmp.name
        os.makedirs(os.path.join(self.root, "src"))
        self.write("src/a.c", source)
        self.write("catalogue", catalogue)
        self.write("suites", suites)
        self.saved = (mutate.ROOT, mutate.CATALOGUE, mutate.SUITES)
        mutate.ROOT = self.root
        mutate.CATALOGUE = os.path.join(self.root, "catalogue")
        mutate.SUITES = os.path.join(self.root, "suites")

    def write(self, path, text):
        with open(os.path.join(self.root, path), "w") as f:
            f.write(text)

    def load(self):
        suites = mutate.load_suites(mutate.SUITES)
        mutants, excused = mutate.load_catalogue(mutate.CATALOGUE, suites)
        sources = mutate.read_sources(["src/a.c"])
        return suites, mutants, excused, sources

    def close(self):
        mutate.ROOT, mutate.CATALOGUE, mutate.SUITES = self.saved
        self.tmp.cleanup()


def catalogue(*mutant_lines):
    return "file src/a.c\nsuites fast\n" + "\n".join(mutant_lines) + "\n"


def located(*mutant_lines):
    tree = Tree(catalogue(*mutant_lines))
    try:
        _, mutants, _, sources = tree.load()
        return mutants, mutate.locate(mutants, sources)
    finally:
        tree.close()


def test_snippet_matches_across_whitespace():
    mutants, errors = located("m: if (a == 0 && x == 1) { => if (1) {")
    assert errors == [], errors
    assert mutants[0].line == 7 and mutants[0].function == "helper"


def test_snippet_whitespace_is_not_optional():
    _, errors = located("m: x=1; => x = 2;")
    assert len(errors) == 1 and "stale mutant m: snippet not found" in errors[0], errors


def test_snippet_never_matches_a_comment():
    mutants, errors = located("m: x = 1; => x = 2;")
    assert errors == [], errors
    assert mutants[0].line == 5, mutants[0].line


def test_ambiguous_snippet_needs_an_index():
    _, errors = located("m: return 1; => return 2;")
    assert len(errors) == 1 and "ambiguous mutant m: snippet found 2 times" in errors[0], errors


def test_index_picks_the_occurrence():
    mutants, errors = located("m@2: return 1; => return 2;")
    assert errors == [], errors
    assert mutants[0].line == 24 and mutants[0].function == "port@2", (
        mutants[0].line, mutants[0].function)


def test_index_past_the_occurrences_is_stale():
    _, errors = located("m@3: return 1; => return 2;")
    assert len(errors) == 1 and "stale mutant m: snippet found 2 times" in errors[0], errors


def test_mutant_that_changes_nothing_is_refused():
    _, errors = located("m: return x; => return x;")
    assert len(errors) == 1 and "changes nothing" in errors[0], errors


def test_catalogue_options():
    tree = Tree("file src/a.c\nsuites slow\n"
                "m: return x; => return 0;\n"
                "    suites: +fast\n"
                "    note: anything\n"
                "e: int x = 1; => int x = 2;\n"
                "    equivalent: a reason\n"
                "    suites: fast\n"
                "d: return 0; =>\n"
                "no-mutant port@2: a reason\n")
    try:
        _, mutants, excused, _ = tree.load()
        # Suites run in the table's order, not the catalogue's.
        assert mutants[0].suites == ["fast", "slow"], mutants[0].suites
        assert mutants[1].equivalent == "a reason" and mutants[1].suites == ["fast"]
        assert mutants[2].new == "" and mutants[2].old == "return 0;"
        assert excused == {("src/a.c", "port@2"): "a reason"}, excused
    finally:
        tree.close()


def catalogue_error(text):
    tree = Tree(text)
    try:
        tree.load()
    except mutate.CatalogueError as error:
        return str(error)
    finally:
        tree.close()
    return None


def test_catalogue_errors():
    cases = [
        ("file src/a.c\nsuites nosuch\n", "no suite 'nosuch'"),
        ("file src/a.c\nsuites fast\nm: x => y\n    equivalent:\n", "needs its reason"),
        ("file src/a.c\nsuites fast\nm: x => y\nm: x => z\n", "defined twice"),
        ("suites fast\nm: x => y\n", "needs a file"),
        ("file src/nosuch.c\n", "no file src/nosuch.c"),
        ("file src/a.c\nsuites fast\nm: x y\n", "not a mutant"),
        ("file src/a.c\nsuites fast\nm: x => y\n    suites: +fast slow\n", "either all names"),
        ("    suites: fast\n", "belongs under a mutant"),
    ]
    for text, expected in cases:
        error = catalogue_error(text)
        assert error is not None and expected in error, (text, error)


def test_functions_and_their_mutants():
    tree = Tree(catalogue("m: return x; => return 0;"))
    try:
        _, mutants, excused, sources = tree.load()
        assert [f[0] for f in mutate.functions(sources["src/a.c"])] == [
            "helper", "port@1", "port@2"]
        mutate.locate(mutants, sources)
        old = mutate.source_files
        mutate.source_files = lambda: ["src/a.c"]
        try:
            errors = mutate.uncovered(mutants, excused, sources)
            excused[("src/a.c", "port@1")] = "why"
            excused[("src/a.c", "port@2")] = "why"
            excused[("src/a.c", "gone")] = "why"
            later = mutate.uncovered(mutants, excused, sources)
        finally:
            mutate.source_files = old
        assert len(errors) == 2 and "function port@1 has no mutant" in errors[0], errors
        assert later == ["catalogue: no-mutant gone: no such function in src/a.c"], later
    finally:
        tree.close()


def run_one(line, verify=False):
    """Runs the one mutant of a catalogue line in a private copy; returns
    the result, the copy's file after the run and the working tree's."""
    tree = Tree(catalogue(line))
    try:
        suites, mutants, _, sources = tree.load()
        assert mutate.locate(mutants, sources) == []
        private = os.path.join(tree.root, "build", "tree-0")
        os.makedirs(private)
        mutate.sync_tree(private, ["src/a.c"])
        trees = queue.Queue()
        trees.put(private)
        logdir = os.path.join(tree.root, "build", "logs")
        os.makedirs(logdir)
        result = mutate.run_mutant(mutants[0], suites, trees, sources, logdir, verify)
        with open(os.path.join(private, "src/a.c")) as f:
            after = f.read()
        with open(os.path.join(tree.root, "src/a.c")) as f:
            working = f.read()
        return result, after, working
    finally:
        tree.close()


def test_a_suite_that_fails_kills():
    result, after, working = run_one("m: int x = 1; => int x = 2;")
    assert result.status == "killed" and result.by == "fast", (result.status, result.by)
    assert after == SOURCE and working == SOURCE


def test_a_mutant_no_suite_sees_survives():
    result, _, _ = run_one("m: return 0; => return 2;")
    assert result.status == "survived" and result.passed == ["fast"], result.status


def test_a_survivor_runs_its_suites_twice():
    result, _, _ = run_one("m: return 0; => return 2;\n    suites: racy")
    assert result.status == "killed" and result.second_run, result.status
    line = mutate.report_line(result, 1)
    assert "killed by racy (on the second run only)" in line, line


def test_a_suite_that_hangs_kills_by_timeout():
    tree_suites = SUITES.replace("slow 10", "slow 0.5")
    tree = Tree(catalogue("m: return 0; => return 2;\n    suites: slow"), tree_suites)
    try:
        suites, mutants, _, sources = tree.load()
        mutate.locate(mutants, sources)
        private = os.path.join(tree.root, "t")
        os.makedirs(private)
        mutate.sync_tree(private, ["src/a.c"])
        trees = queue.Queue()
        trees.put(private)
        result = mutate.run_mutant(mutants[0], suites, trees, sources, tree.root, False)
    finally:
        tree.close()
    assert result.status == "killed" and "timed out" in result.detail, (
        result.status, result.detail)


def test_a_suite_that_cannot_run_is_a_skip():
    result, _, _ = run_one("m: return 0; => return 2;\n    suites: never")
    assert result.status == "skipped" and "no/such/file absent" in result.skipped[0], (
        result.status, result.skipped)


def test_a_suite_that_runs_no_test_is_a_skip():
    result, _, _ = run_one("m: return 0; => return 2;\n    suites: skipper")
    assert result.status == "skipped" and "no priorities" in result.skipped[0], (
        result.status, result.skipped)


def test_a_suite_that_runs_some_tests_is_a_pass():
    result, _, _ = run_one("m: return 0; => return 2;\n    suites: partly")
    assert result.status == "survived" and result.passed == ["partly"], result.status


def test_a_build_that_fails_is_an_error():
    result, after, _ = run_one("m: return 0; => return 2;\n    suites: broken")
    assert result.status == "error" and "does not build" in result.detail, result.status
    assert after == SOURCE


def test_an_equivalent_mutant_that_is_killed_is_an_error():
    result, _, _ = run_one("m: int x = 1; => int x = 2;\n    equivalent: wrongly")
    assert result.status == "error" and "marks it equivalent" in result.detail, (
        result.status, result.detail)


def test_an_equivalent_mutant_runs_its_cheapest_suite_only():
    result, _, _ = run_one("m: return 0; => return 2;\n    suites: fast slow\n"
                           "    equivalent: a reason")
    assert result.status == "equivalent" and result.passed == ["fast"], result.passed


def test_sync_rewrites_a_changed_file_and_removes_extras():
    tree = Tree(catalogue())
    try:
        private = os.path.join(tree.root, "copy")
        os.makedirs(os.path.join(private, "src"))
        os.makedirs(os.path.join(private, "build"))
        for path, text in (("src/a.c", "mutated"), ("src/old.c", "x"),
                           ("build/kept", "x")):
            with open(os.path.join(private, path), "w") as f:
                f.write(text)
        mutate.sync_tree(private, ["src/a.c"])
        with open(os.path.join(private, "src/a.c")) as f:
            assert f.read() == SOURCE
        assert not os.path.exists(os.path.join(private, "src/old.c"))
        assert os.path.exists(os.path.join(private, "build/kept"))
    finally:
        tree.close()


def main():
    tests = [(name, fn) for name, fn in sorted(globals().items())
             if name.startswith("test_") and callable(fn)]
    passed = failed = 0
    for name, fn in tests:
        try:
            fn()
            passed += 1
        except Exception:  # a failed assertion or anything else: a failure
            failed += 1
            print("FAIL: %s" % name)
            traceback.print_exc(file=sys.stdout)
    print("mutate-selftest: %d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
