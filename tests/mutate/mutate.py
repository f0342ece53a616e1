#!/usr/bin/env python3
# Licensed under the Apache License, Version 2.0 (see LICENSE).
"""Mutation testing of src/: what the tests really hold.

Applies each mutant of tests/mutate/catalogue (its format is described at
the top of that file) to a private copy of the tree, never to the working
tree, runs the suites that cover the mutated file (tests/mutate/suites,
cheapest first) until one fails, and prints one line per mutant: killed by
which suite, survived, equivalent (survived, with the catalogue's reason),
or skipped (the suites that could see it cannot run here, and why). It ends
with a total and exits 1 on a survivor the catalogue does not mark
equivalent, and on any catalogue error: a mutant whose snippet is no longer
in the code ("stale mutant"), one that does not build, one marked
equivalent that a suite kills, or a function of src/ without a mutant that
the catalogue does not excuse.

Before the mutants, every suite they name runs on the unmutated copy (the
baseline): a suite that fails there would kill every mutant. An equivalent
mutant runs only its cheapest suite, as a check that the mark is not
plainly wrong (--verify-equivalents runs them all). A mutant that
survives its suites runs them once more, since a race is found only when
the threads meet: a kill there counts, and the summary names it as a weak
test. A mutant whose only suites cannot run here (tests/target.mk absent,
or a port test that skips for want of a privilege or a second CPU) is
reported as skipped, never as killed; --strict fails the run on it.

  mutate.py                       the whole catalogue, 2 mutants at a time
  mutate.py --only ID...          only these mutants (and the baseline)
  mutate.py --check               check the catalogue against the code only
  mutate.py --list-candidates F   print mutants to pick from for file F
  mutate.py --list-functions      the functions of src/ and their mutants

Python 3 standard library only.
"""

import argparse
import concurrent.futures
import os
import queue
import re
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CATALOGUE = os.path.join(HERE, "catalogue")
SUITES = os.path.join(HERE, "suites")
# Source files whose functions must each have a mutant.
SOURCE_DIR = "src"
SOURCE_EXTS = (".c", ".h")
BUILD_TIMEOUT = 600
# A suite's run times out after its table timeout or this many times its
# baseline (build and run of the unmutated tree), whichever is longer.
TIMEOUT_FACTOR = 4


class CatalogueError(Exception):
    pass


# --- The suite table ---------------------------------------------------------

class Suite:
    def __init__(self, name, timeout, needs, build, run, line):
        self.name = name
        self.timeout = timeout
        self.needs = needs
        self.build = build
        self.run = run
        self.line = line
        self.rank = 0

    def missing(self, tree):
        """Why the suite cannot run in tree, or None."""
        if self.needs and not os.path.exists(os.path.join(tree, self.needs)):
            return "%s absent" % self.needs
        return None


def load_suites(path):
    """NAME TIMEOUT NEEDS BUILD :: RUN, one a line (see the file's header)."""
    suites = {}
    with open(path) as f:
        for number, raw in enumerate(f, 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            where = "%s:%d" % (os.path.relpath(path, ROOT), number)
            head, sep, run = line.partition(" :: ")
            fields = head.split(None, 3)
            if not sep or len(fields) != 4 or not run.strip():
                raise CatalogueError(
                    "%s: want NAME TIMEOUT NEEDS BUILD :: RUN" % where)
            name, timeout, needs, build = fields
            if name in suites:
                raise CatalogueError("%s: suite %s defined twice" % (where, name))
            try:
                timeout = float(timeout)
            except ValueError:
                raise CatalogueError("%s: timeout %r is not a number"
                                     % (where, timeout)) from None
            suite = Suite(name, timeout, None if needs == "-" else needs,
                          None if build == "-" else build, run.strip(), where)
            suite.rank = len(suites)
            suites[name] = suite
    return suites


# --- Finding snippets in C source --------------------------------------------

COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')


def code_view(text):
    """text with every comment blanked to spaces (newlines kept), so that a
    snippet never matches inside a comment; offsets are unchanged."""
    out = []
    pos = 0
    for m in re.finditer(COMMENT.pattern + "|" + STRING.pattern, text, re.S):
        out.append(text[pos:m.start()])
        token = m.group(0)
        if token.startswith("/"):
            out.append(re.sub(r"[^\n]", " ", token))
        else:
            out.append(token)
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def snippet_pattern(snippet):
    """A snippet matches the same text with any whitespace wherever it has
    whitespace: a mutant survives re-indentation and re-wrapping."""
    return re.compile(r"\s+".join(re.escape(word) for word in snippet.split()))


def find_all(code, snippet):
    return list(snippet_pattern(snippet).finditer(code))


# --- Functions of the source files -------------------------------------------

FUNC_START = re.compile(r"^([A-Za-z_]\w*)\(", re.M)


def functions(text):
    """(key, first line, last line) of each function definition, written
    in the house style: the name at the start of a line after its return
    type, the body's braces alone in the first column. A name defined more
    than once (one per port) is keyed NAME@K, K counting from 1."""
    lines = text.split("\n")
    found = []
    for number, line in enumerate(lines):
        m = FUNC_START.match(line)
        if not m or number == 0 or not lines[number - 1].strip():
            continue
        if lines[number - 1].lstrip().startswith(("#", "*", "/")):
            continue
        end = number
        while end < len(lines) and not lines[end].startswith("{"):
            if lines[end].rstrip().endswith(";"):
                break
            end += 1
        if end >= len(lines) or not lines[end].startswith("{"):
            continue
        close = end
        while close < len(lines) and not lines[close].startswith("}"):
            close += 1
        found.append([m.group(1), number + 1, close + 1])
    counts = {}
    for item in found:
        counts[item[0]] = counts.get(item[0], 0) + 1
    seen = {}
    result = []
    for name, first, last in found:
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = "%s@%d" % (name, seen[name])
        result.append((name, first, last))
    return result


def function_at(funcs, line):
    for name, first, last in funcs:
        if first <= line <= last:
            return name
    return None


# --- The catalogue -----------------------------------------------------------

class Mutant:
    def __init__(self, ident, index, path, old, new, suites, where):
        self.id = ident
        self.index = index
        self.path = path
        self.old = old
        self.new = new
        self.suites = suites
        self.where = where
        self.equivalent = None
        self.start = self.end = None
        self.line = None
        self.function = None

    def describe_location(self):
        return "%s:%d %s" % (self.path, self.line, self.function or "(outside any function)")


MUTANT_LINE = re.compile(r"^([A-Za-z0-9_.-]+)(?:@([0-9]+))?:(?:\s(.*))?$")


def load_catalogue(path, suites):
    """Mutants, and the functions excused from having one, with reasons."""
    mutants = []
    excused = {}
    ids = set()
    current_file = None
    default_suites = None
    last = None
    with open(path) as f:
        for number, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = "%s:%d" % (os.path.relpath(path, ROOT), number)
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            if line[0].isspace():
                key, sep, value = stripped.partition(":")
                value = value.strip()
                if last is None or not sep:
                    raise CatalogueError("%s: an option line (KEY: VALUE) "
                                         "belongs under a mutant" % where)
                if key == "suites":
                    names = value.split()
                    added = [n[1:] for n in names if n.startswith("+")]
                    if added and len(added) != len(names):
                        raise CatalogueError("%s: suites: either all names "
                                             "with + (added to the file's) or "
                                             "none (instead)" % where)
                    if added:
                        names = last.suites + added
                    last.suites = check_suites(names, suites, where)
                elif key == "equivalent":
                    if not value:
                        raise CatalogueError("%s: equivalent needs its reason"
                                             % where)
                    last.equivalent = value
                elif key == "note":
                    pass
                else:
                    raise CatalogueError("%s: unknown option %r (suites, "
                                         "equivalent, note)" % (where, key))
                continue
            last = None
            word, _, rest = stripped.partition(" ")
            rest = rest.strip()
            if word == "file":
                current_file = rest
                default_suites = None
                if not os.path.isfile(os.path.join(ROOT, current_file)):
                    raise CatalogueError("%s: no file %s" % (where, current_file))
                continue
            if word == "suites":
                default_suites = check_suites(rest.split(), suites, where)
                continue
            if word == "no-mutant":
                func, sep, reason = rest.partition(":")
                if not sep or not reason.strip() or current_file is None:
                    raise CatalogueError("%s: want no-mutant FUNCTION: REASON "
                                         "after a file line" % where)
                excused[(current_file, func.strip())] = reason.strip()
                continue
            m = MUTANT_LINE.match(stripped)
            if not m or " => " not in " " + (m.group(3) or "") + " ":
                raise CatalogueError("%s: not a mutant (ID: OLD => NEW), nor "
                                     "file, suites or no-mutant" % where)
            ident, index, body = m.group(1), m.group(2), m.group(3) or ""
            old, _, new = (" " + body + " ").partition(" => ")
            old, new = old.strip(), new.strip()
            if current_file is None or default_suites is None:
                raise CatalogueError("%s: a mutant needs a file and a suites "
                                     "line above it" % where)
            if ident in ids:
                raise CatalogueError("%s: mutant %s defined twice" % (where, ident))
            if not old:
                raise CatalogueError("%s: %s replaces nothing" % (where, ident))
            ids.add(ident)
            last = Mutant(ident, int(index) if index else None, current_file,
                          old, new, list(default_suites), where)
            mutants.append(last)
    return mutants, excused


def check_suites(names, suites, where):
    for name in names:
        if name not in suites:
            raise CatalogueError("%s: no suite %r in %s" % (
                where, name, os.path.relpath(SUITES, ROOT)))
    if not names:
        raise CatalogueError("%s: no suite named" % where)
    return sorted(set(names), key=lambda n: suites[n].rank)


def locate(mutants, sources):
    """Finds every mutant's snippet in the current code. Returns the errors:
    a stale mutant (snippet gone), an ambiguous one (found more than once
    and no @K), a mutant that changes nothing."""
    errors = []
    for mutant in mutants:
        text = sources[mutant.path]
        matches = find_all(code_view(text), mutant.old)
        if not matches:
            errors.append("%s: stale mutant %s: snippet not found in %s: %s" % (
                mutant.where, mutant.id, mutant.path, mutant.old))
            continue
        if mutant.index is None and len(matches) > 1:
            errors.append("%s: ambiguous mutant %s: snippet found %d times in "
                          "%s; write %s@K for the K-th" % (
                              mutant.where, mutant.id, len(matches),
                              mutant.path, mutant.id))
            continue
        k = mutant.index or 1
        if not 1 <= k <= len(matches):
            errors.append("%s: stale mutant %s: snippet found %d times in %s, "
                          "not %d" % (mutant.where, mutant.id, len(matches),
                                      mutant.path, k))
            continue
        match = matches[k - 1]
        mutant.start, mutant.end = match.start(), match.end()
        if text[mutant.start:mutant.end] == mutant.new:
            errors.append("%s: mutant %s changes nothing" % (mutant.where, mutant.id))
            continue
        mutant.line = text.count("\n", 0, mutant.start) + 1
        mutant.function = function_at(functions(text), mutant.line)
    return errors


def source_files():
    out = []
    for name in sorted(os.listdir(os.path.join(ROOT, SOURCE_DIR))):
        if name.endswith(SOURCE_EXTS):
            out.append("%s/%s" % (SOURCE_DIR, name))
    return out


def read_sources(paths):
    sources = {}
    for path in paths:
        with open(os.path.join(ROOT, path)) as f:
            sources[path] = f.read()
    return sources


def uncovered(mutants, excused, sources):
    """Functions of src/ with no mutant and no excuse; excuses naming no
    function any more."""
    covered = {(m.path, m.function) for m in mutants if m.line is not None}
    errors = []
    known = set()
    for path in source_files():
        for name, first, _ in functions(sources[path]):
            known.add((path, name))
            if (path, name) not in covered and (path, name) not in excused:
                errors.append("%s:%d: function %s has no mutant (add one, or "
                              "no-mutant %s: REASON under file %s)" % (
                                  path, first, name, name, path))
    for (path, name) in excused:
        if (path, name) not in known:
            errors.append("catalogue: no-mutant %s: no such function in %s"
                          % (name, path))
    return errors


# --- The private trees -------------------------------------------------------

def tree_files():
    """The files of the working tree a build needs: what git tracks or
    would track (its ignored build output aside), else every file outside
    build/ and .git/."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT, check=True, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL).stdout.decode()
        files = [f for f in out.split("\0") if f]
    except (OSError, subprocess.CalledProcessError):
        files = []
        for top, dirs, names in os.walk(ROOT):
            if top == ROOT:
                dirs[:] = [d for d in dirs if d not in (".git", "build")]
            dirs[:] = [d for d in dirs if d != "node_modules"]
            rel = os.path.relpath(top, ROOT)
            files.extend(os.path.normpath(os.path.join(rel, n)) for n in names)
    return sorted(f for f in files if os.path.isfile(os.path.join(ROOT, f)))


def sync_tree(tree, files):
    """Makes tree hold exactly the working tree's files (its build/ aside).
    A file whose content differs is rewritten with the current time, so make
    rebuilds what a mutant left behind after an interrupted run."""
    wanted = set(files)
    for top, dirs, names in os.walk(tree):
        rel = os.path.relpath(top, tree)
        if rel == ".":
            dirs[:] = [d for d in dirs if d != "build"]
        for name in names:
            path = os.path.normpath(os.path.join(rel, name))
            if path not in wanted:
                os.remove(os.path.join(tree, path))
    for path in files:
        src = os.path.join(ROOT, path)
        dst = os.path.join(tree, path)
        with open(src, "rb") as f:
            data = f.read()
        try:
            with open(dst, "rb") as f:
                same = f.read() == data
        except OSError:
            same = False
        if not same:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            write_file(dst, data)
            shutil.copymode(src, dst)


def write_file(path, data):
    if isinstance(data, str):
        data = data.encode()
    with open(path, "wb") as f:
        f.write(data)
    now = time.time()
    os.utime(path, (now, now))


# --- Running suites ----------------------------------------------------------

RUNNING = set()
RUNNING_LOCK = threading.Lock()
STOP = threading.Event()


def suite_env():
    """The environment of a suite: make's own variables are dropped, so the
    suites build as a plain `make` in the tree would, one job each."""
    env = dict(os.environ)
    for key in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "MAKE_TERMOUT",
                "MAKE_TERMERR", "GNUMAKEFLAGS"):
        env.pop(key, None)
    return env


def run_command(command, tree, timeout, log):
    """('ok'|'fail'|'timeout', detail). The command runs in its own process
    group, killed whole on timeout."""
    log.write("$ %s\n" % command)
    log.flush()
    proc = subprocess.Popen(["bash", "-c", "set -o pipefail; " + command],
                            cwd=tree, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=suite_env(),
                            start_new_session=True)
    with RUNNING_LOCK:
        RUNNING.add(proc)
    try:
        rc = proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        log.write("\n[mutate: timed out after %.0f s]\n" % timeout)
        return "timeout", "timed out after %.0f s" % timeout
    finally:
        with RUNNING_LOCK:
            RUNNING.discard(proc)
    if rc == 0:
        return "ok", ""
    if rc < 0:
        return "fail", "signal %d" % -rc
    return "fail", "exit %d" % rc


def stop_all(futures):
    """Ctrl-C: no new suite starts, the running ones are killed; each
    mutant's file is restored by its worker on the way out."""
    STOP.set()
    for future in futures:
        future.cancel()
    with RUNNING_LOCK:
        running = list(RUNNING)
    for proc in running:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def kill_group(proc):
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait()


def run_suite(suite, tree, log):
    """('killed'|'passed'|'skipped'|'invalid', detail)."""
    why = suite.missing(tree)
    if why:
        return "skipped", why
    log.write("\n=== suite %s\n" % suite.name)
    if suite.build:
        status, detail = run_command(suite.build, tree, BUILD_TIMEOUT, log)
        if status != "ok":
            return "invalid", "build %s" % detail
    log.flush()
    start = log.tell()
    status, detail = run_command(suite.run, tree, suite.timeout, log)
    if status == "ok":
        with open(log.name) as written:
            written.seek(start)
            why = ran_nothing(written.read())
        return ("skipped", why) if why else ("passed", "")
    return "killed", detail


# A port test that cannot run here (no real-time priorities, one CPU)
# passes with "port: 0 passed, 0 failed, N skipped" and its reason on a
# "SKIPPED, ..." line: the mutant was not tested, which is no survival.
SKIPPED_ALL = re.compile(r"^\w+: 0 passed, 0 failed, [1-9][0-9]* skipped$", re.M)
SKIP_REASON = re.compile(r"SKIPPED, (.*)$", re.M)


def ran_nothing(output):
    """The reason a suite's passing run tested nothing, or None."""
    if not SKIPPED_ALL.search(output):
        return None
    reasons = SKIP_REASON.findall(output)
    return "the suite skipped: %s" % (reasons[-1] if reasons else "no test ran")


# --- The run -----------------------------------------------------------------

class Result:
    def __init__(self, mutant):
        self.mutant = mutant
        self.status = None      # killed survived equivalent skipped error
        self.by = None
        self.detail = ""
        self.passed = []
        self.skipped = []
        self.seconds = 0.0
        self.log = None
        self.second_run = False  # survived its suites once, ran them again


def run_suites(result, names, suites, tree, log):
    """Runs the suites in turn until one kills the mutant or fails to build."""
    for name in names:
        if STOP.is_set():
            raise KeyboardInterrupt
        status, detail = run_suite(suites[name], tree, log)
        if status == "passed":
            result.passed.append(name)
        elif status == "skipped":
            result.skipped.append("%s: %s" % (name, detail))
        else:
            result.status = "killed" if status == "killed" else "error"
            result.by = name
            result.detail = detail
            return


def run_mutant(mutant, suites, trees, original, logdir, verify_equivalents):
    result = Result(mutant)
    names = list(mutant.suites)
    if mutant.equivalent and not verify_equivalents:
        # A check that the mark is not plainly wrong: the cheapest suite
        # that can run here.
        names = [n for n in names if not suites[n].missing(ROOT)][:1] or names[:1]
    tree = trees.get()
    started = time.time()
    result.log = os.path.join(logdir, mutant.id + ".log")
    path = os.path.join(tree, mutant.path)
    text = original[mutant.path]
    try:
        write_file(path, text[:mutant.start] + mutant.new + text[mutant.end:])
        with open(result.log, "w") as log:
            log.write("mutant %s (%s): %s => %s\n" % (
                mutant.id, mutant.describe_location(), mutant.old, mutant.new))
            run_suites(result, names, suites, tree, log)
            if (result.status is None and result.passed and
                    not result.skipped and not mutant.equivalent):
                # The concurrency suites find a race when the threads meet:
                # a survivor gets a second run before it fails the run,
                # and a kill there is reported as one (see the summary).
                log.write("\n=== second run\n")
                result.second_run = True
                again = result.passed
                result.passed = []
                run_suites(result, again, suites, tree, log)
    finally:
        write_file(path, text)
        trees.put(tree)
    result.seconds = time.time() - started
    if result.status == "killed" and mutant.equivalent:
        result.status = "error"
        result.detail = ("killed by %s (%s), but the catalogue marks it "
                         "equivalent" % (result.by, result.detail))
    elif result.status == "error":
        result.detail = ("does not build under %s (%s): a mutant must "
                         "compile; see %s" % (result.by, result.detail,
                                              os.path.relpath(result.log, ROOT)))
    elif result.status is None:
        if mutant.equivalent:
            result.status = "equivalent"
        elif result.skipped:
            result.status = "skipped"
        else:
            result.status = "survived"
    return result


def report_line(result, width):
    m = result.mutant
    where = "%s:%d" % (m.path, m.line)
    head = "mutate: %-*s %-32s " % (width, m.id, where)
    if result.status == "killed":
        details = [result.detail] if result.detail and not result.detail.startswith("exit") else []
        if result.second_run:
            details.append("on the second run only")
        detail = " (%s)" % "; ".join(details) if details else ""
        text = "killed by %s%s" % (result.by, detail)
    elif result.status == "equivalent":
        text = "equivalent: %s" % m.equivalent
    elif result.status == "skipped":
        text = "SKIPPED: %s" % "; ".join(result.skipped)
        if result.passed:
            text += " (not killed by %s)" % ", ".join(result.passed)
    elif result.status == "survived":
        text = "SURVIVED %s (log %s)" % (", ".join(result.passed),
                                         os.path.relpath(result.log, ROOT))
    else:
        text = "ERROR: %s" % result.detail
    return "%s%s  [%.0f s]" % (head, text, result.seconds)


def baseline(needed, suites, trees, logdir, jobs):
    """Every suite the run needs must pass on the unmutated tree, or no kill
    would mean anything. Returns the errors."""
    errors = []
    order = [suites[n] for n in sorted(needed, key=lambda n: suites[n].rank)]

    def one(suite):
        tree = trees.get()
        started = time.time()
        try:
            with open(os.path.join(logdir, "baseline-%s.log" % suite.name), "w") as log:
                status, detail = run_suite(suite, tree, log)
        finally:
            trees.put(tree)
        return suite, status, detail, time.time() - started

    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        for suite, status, detail, seconds in pool.map(one, order):
            if status == "skipped":
                print("mutate: baseline %-16s skipped: %s" % (suite.name, detail))
            elif status == "passed":
                # A loaded machine slows every suite: a mutant's run may take
                # a few times the baseline's before it counts as a hang.
                suite.timeout = max(suite.timeout, TIMEOUT_FACTOR * seconds)
                print("mutate: baseline %-16s passed  [%.0f s]" % (suite.name, seconds))
            else:
                errors.append("suite %s fails on the unmutated tree (%s): fix it "
                              "first; log %s" % (suite.name, detail,
                                                 os.path.relpath(os.path.join(
                                                     logdir, "baseline-%s.log" % suite.name), ROOT)))
            sys.stdout.flush()
    return errors


def format_seconds(seconds):
    return "%d min %02d s" % (seconds // 60, seconds % 60)


def main_run(args):
    suites = load_suites(SUITES)
    mutants, excused = load_catalogue(CATALOGUE, suites)
    sources = read_sources(source_files() + sorted({m.path for m in mutants}))
    errors = locate(mutants, sources)
    if not args.only:
        errors += uncovered(mutants, excused, sources)
    if args.only:
        unknown = set(args.only) - {m.id for m in mutants}
        if unknown:
            errors.append("no mutant %s in the catalogue" % ", ".join(sorted(unknown)))
        mutants = [m for m in mutants if m.id in args.only]
    for error in errors:
        print("mutate: " + error)
    if args.check:
        # One test in make check's count (the Makefile's summary format).
        print("mutate-check: %d passed, %d failed (%d mutants, each found "
              "once in src/; every function with a mutant or a reason)"
              % (not errors, bool(errors), len(mutants)))
        return 1 if errors else 0
    if errors:
        print("mutate: the catalogue does not match src/: %d error(s)" % len(errors))
        return 1

    started = time.time()
    work = os.path.abspath(args.work)
    logdir = os.path.join(work, "logs")
    os.makedirs(logdir, exist_ok=True)
    files = tree_files()
    trees = queue.Queue()
    for n in range(args.jobs):
        tree = os.path.join(work, "tree-%d" % n)
        os.makedirs(tree, exist_ok=True)
        sync_tree(tree, files)
        trees.put(tree)
    print("mutate: %d mutants, %d at a time, in private copies of the tree "
          "under %s" % (len(mutants), args.jobs, os.path.relpath(work, ROOT)))
    sys.stdout.flush()
    if not args.no_baseline:
        needed = {name for m in mutants for name in m.suites}
        errors = baseline(needed, suites, trees, logdir, args.jobs)
        if errors:
            for error in errors:
                print("mutate: " + error)
            return 1

    width = max([len(m.id) for m in mutants] + [1])
    counts = {}
    results = []
    failures = 0
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs)
    futures = [pool.submit(run_mutant, m, suites, trees, sources, logdir,
                           args.verify_equivalents) for m in mutants]
    try:
        for future in futures:
            result = future.result()
            results.append(result)
            counts[result.status] = counts.get(result.status, 0) + 1
            if result.status in ("survived", "error"):
                failures += 1
            print(report_line(result, width))
            sys.stdout.flush()
    except KeyboardInterrupt:
        stop_all(futures)
        raise
    finally:
        pool.shutdown(wait=True)
    elapsed = time.time() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = usage.ru_utime + usage.ru_stime
    print("mutate: %d mutants: %d killed, %d equivalent, %d skipped, %d survived, "
          "%d errors" % (
              len(mutants), counts.get("killed", 0), counts.get("equivalent", 0),
              counts.get("skipped", 0), counts.get("survived", 0),
              counts.get("error", 0)))
    # The CI log shows its last lines only: the mutants to look at go here.
    for status in ("survived", "error", "skipped"):
        ids = [r.mutant.id for r in results if r.status == status]
        if ids:
            print("mutate: %s: %s" % (status, " ".join(ids)))
    # Not a failure, but a test that finds its race only now and then.
    ids = [r.mutant.id for r in results if r.status == "killed" and r.second_run]
    if ids:
        print("mutate: killed on the second run only (a weak test): %s" % " ".join(ids))
    print("mutate: time %s, %d at a time; the suites used %s of CPU (%s on "
          "%d idle cores)" % (format_seconds(elapsed), args.jobs,
                              format_seconds(cpu), format_seconds(cpu / args.jobs),
                              args.jobs))
    if args.strict and counts.get("skipped", 0):
        print("mutate: --strict: skipped mutants fail the run")
        return 1
    return 1 if failures else 0


# --- Authoring helpers -------------------------------------------------------

SWAPS = [
    ("==", "!="), ("!=", "=="), ("<=", "<"), (">=", ">"), ("<", "<="),
    (">", ">="), ("&&", "||"), ("||", "&&"), ("++", "--"), ("--", "++"),
    ("+", "-"), ("-", "+"), ("__ATOMIC_ACQUIRE", "__ATOMIC_RELAXED"),
    ("__ATOMIC_RELEASE", "__ATOMIC_RELAXED"), ("true", "false"),
    ("false", "true"),
]
TOKEN = re.compile(r"__ATOMIC_\w+|\btrue\b|\bfalse\b|->|\+\+|--|==|!=|<=|>=|<<|>>|"
                   r"&&|\|\||[-+<>!]|\b0\b|\b1\b")


DECLARATION = re.compile(r"^[A-Za-z_][\w\s*]*[\s*]\**\w+(\[[^\]]*\])?\s*(=.*)?;$")


def candidates(path):
    """Mutants to pick from for a file, in catalogue syntax: an operator
    swapped, a negation dropped, a 0/1 constant flipped, a condition made
    constant, a statement dropped. The snippet is the whole line: keep the
    ones worth having, shorten or lengthen their snippets, name them."""
    with open(os.path.join(ROOT, path)) as f:
        text = f.read()
    code = code_view(text)
    funcs = functions(text)
    lines = code.split("\n")
    real = text.split("\n")
    out = ["file %s" % path]
    serial = {}
    previous = ""
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        after = previous
        previous = stripped
        func = function_at(funcs, number)
        if func is None or stripped in ("{", "}"):
            continue
        snippet = real[number - 1].strip()
        # Operators inside string and character literals are not code.
        masked = STRING.sub(lambda m: "_" * len(m.group(0)), stripped)
        proposals = []
        for m in TOKEN.finditer(masked):
            tok = m.group(0)
            if tok in ("->", "<<", ">>"):
                continue
            repl = dict(SWAPS).get(tok)
            if tok == "!":
                if masked[m.end():m.end() + 1] == "=":
                    continue
                repl = ""
            elif tok == "0":
                repl = "1"
            elif tok == "1":
                repl = "0"
            if repl is None:
                continue
            proposals.append(stripped[:m.start()] + repl + stripped[m.end():])
        cond = re.match(r"^(if|while) \((.*)\) \{$", stripped)
        if cond:
            proposals.append("%s (0) {" % cond.group(1))
            if cond.group(1) == "if":
                proposals.append("if (1) {")
        # A whole statement (the line before it ended one), not a
        # declaration nor a return: dropped.
        if (stripped.endswith(";") and after.endswith((";", "{", "}"))
                and not stripped.startswith("return")
                and not DECLARATION.match(stripped)):
            proposals.append("")
        matches = find_all(code, snippet)
        index = 0
        if len(matches) > 1:
            index = 1 + sum(1 for m in matches
                            if code.count("\n", 0, m.start()) < number - 1)
        for new in proposals:
            base = func.split("@")[0].replace("os_mempool_", "").replace("os_", "")
            serial[base] = serial.get(base, 0) + 1
            ident = "%s-%d%s" % (base.replace("_", "-"), serial[base],
                                 "@%d" % index if index else "")
            out.append("%s: %s => %s" % (ident, snippet, new))
    return "\n".join(out)


def list_functions():
    suites = load_suites(SUITES)
    mutants, excused = load_catalogue(CATALOGUE, suites)
    sources = read_sources(source_files() + sorted({m.path for m in mutants}))
    errors = locate(mutants, sources)
    for error in errors:
        print("mutate: " + error)
    for path in source_files():
        for name, first, _ in functions(sources[path]):
            ids = [m.id for m in mutants if m.path == path and m.function == name]
            why = excused.get((path, name))
            print("%s:%d %s: %s" % (path, first, name, ", ".join(ids) if ids else
                                    ("no mutant: " + why if why else "NO MUTANT")))
    return 1 if errors else 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2,
                        help="mutants run at a time (default 2)")
    parser.add_argument("--work", default=os.path.join(ROOT, "build", "mutate"),
                        help="where the private trees and logs go")
    parser.add_argument("--only", nargs="+", metavar="ID",
                        help="run only these mutants")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the run of every suite on the unmutated tree")
    parser.add_argument("--verify-equivalents", action="store_true",
                        help="run equivalent mutants against all their suites "
                        "(default: the cheapest only)")
    parser.add_argument("--strict", action="store_true",
                        help="fail on skipped mutants too")
    parser.add_argument("--check", action="store_true",
                        help="check the catalogue against the code, run nothing")
    parser.add_argument("--list-candidates", metavar="FILE",
                        help="print candidate mutants for FILE in catalogue syntax")
    parser.add_argument("--list-functions", action="store_true",
                        help="print each function of src/ with its mutants")
    args = parser.parse_args()
    try:
        if args.list_candidates:
            print(candidates(args.list_candidates))
            return 0
        if args.list_functions:
            return list_functions()
        return main_run(args)
    except CatalogueError as error:
        print("mutate: %s" % error)
        return 1
    except KeyboardInterrupt:
        print("mutate: interrupted")
        return 130
    except BrokenPipeError:
        return 1


if __name__ == "__main__":
    sys.exit(main())
