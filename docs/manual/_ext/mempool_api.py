"""The API as the header documents it, read from Doxygen's XML.

The one place the manual's generated parts (the List of Functions, the API
index, "Context", "See also", the man pages' NAME and SYNOPSIS lines) learn
what the header says: every fact stays written once, in include/os/*.h.

No Sphinx here: conf.py reads it too, for the man pages' NAME lines.
"""

import os
import re
import xml.etree.ElementTree as ET

# os_port.h declares what the application supplies to the user port
# (os_port_enter_critical, os_port_exit_critical): documented on the Types
# page, never a reference page of the library's own.
APPLICATION_HEADERS = ("os/os_port.h",)
# Reference pages in this order: the pool header's functions, then the
# result-code header's, then the sizing macros.
API_HEADERS = ("os/os_mempool.h", "os/os_error.h")


def plain(elem):
    """An XML element's text, whitespace collapsed, markup dropped."""
    if elem is None:
        return ""
    return " ".join("".join(elem.itertext()).split())


class Member:
    """One documented name: a function, a macro, a type, a struct, a field
    or an enumerator."""

    def __init__(self, elem, kind, name, refid, parent=None):
        self.elem = elem
        self.kind = kind          # function, define, typedef, enum, ...
        self.name = name          # the C name; fields are "struct.field"
        self.refid = refid
        self.parent = parent      # the struct of a field
        loc = elem.find("location") if elem is not None else None
        self.file = loc.get("file") if loc is not None else ""
        self.line = int(loc.get("line", 0)) if loc is not None else 0
        self.brief = elem.find("briefdescription") if elem is not None \
            else None
        self.details = elem.find("detaileddescription") if elem is not None \
            else None

    @property
    def brief_text(self):
        return plain(self.brief)

    @property
    def is_function_like(self):
        return self.kind == "function" or (
            self.kind == "define" and self.elem.find("param") is not None)

    def simplesects(self, kind, title=None):
        """The Doxygen sections of one kind (see, par, return, ...) in the
        member's details; for "par", only those with the given title."""
        found = []
        if self.details is None:
            return found
        for sect in self.details.iter("simplesect"):
            if sect.get("kind") != kind:
                continue
            if title is not None and plain(sect.find("title")) != title:
                continue
            found.append(sect)
        return found

    def context(self):
        """The paragraphs of the member's @context (the Doxyfile's alias
        renders it as a paragraph titled "Context")."""
        paras = []
        for sect in self.simplesects("par", "Context"):
            paras += sect.findall("para")
        return paras

    def see_also(self):
        """The refids of the names the member's @see lists, in order."""
        refs = []
        for sect in self.simplesects("see"):
            for ref in sect.iter("ref"):
                refs.append(ref.get("refid"))
        return refs

    def declaration(self):
        """The declaration as C, one line: `int f(int a)` or
        `#define M(a, b)`."""
        if self.kind == "function":
            # Doxygen writes "void * f"; C code, "void *f".
            definition = re.sub(r"\s*\*\s*", " *",
                                plain(self.elem.find("definition")))
            return "%s%s" % (definition.replace("* *", "**"),
                             plain(self.elem.find("argsstring")))
        if self.kind == "define":
            params = [plain(p) for p in self.elem.findall("param")]
            return "#define %s(%s)" % (self.name, ", ".join(params))
        raise ValueError("%s is not a function or a macro" % self.name)


class Api:
    """Everything include/os/*.h documents, from Doxygen's XML directory."""

    def __init__(self, xml_dir):
        self.xml_dir = xml_dir
        self.members = []
        self.by_refid = {}
        self.by_name = {}
        self.files = [os.path.join(xml_dir, "index.xml")]
        index = ET.parse(self.files[0]).getroot()
        for compound in index.findall("compound"):
            kind = compound.get("kind")
            if kind not in ("file", "struct"):
                continue
            self.files.append(os.path.join(xml_dir,
                                           compound.get("refid") + ".xml"))
            root = ET.parse(self.files[-1]).getroot()
            cdef = root.find("compounddef")
            if kind == "struct":
                struct = Member(cdef, "struct",
                                plain(cdef.find("compoundname")),
                                cdef.get("id"))
                self._add(struct)
            for mdef in cdef.iter("memberdef"):
                mkind = mdef.get("kind")
                name = plain(mdef.find("name"))
                if kind == "struct":
                    self._add(Member(mdef, "field",
                                     "%s.%s" % (struct.name, name),
                                     mdef.get("id"), parent=struct))
                    continue
                member = Member(mdef, mkind, name, mdef.get("id"))
                self._add(member)
                for value in mdef.findall("enumvalue"):
                    enumerator = Member(value, "enumvalue",
                                        plain(value.find("name")),
                                        value.get("id"), parent=member)
                    enumerator.file = member.file
                    enumerator.line = member.line
                    self._add(enumerator)

    def _add(self, member):
        if member.refid in self.by_refid:
            return
        self.members.append(member)
        self.by_refid[member.refid] = member
        self.by_name.setdefault(member.name, member)

    def reference_names(self):
        """The names with a reference page and a man page: the library's
        functions, then its function-like macros (the sizing macros)."""
        def order(m):
            return (API_HEADERS.index(m.file), m.line)
        functions = sorted((m for m in self.members
                            if m.kind == "function"
                            and m.file in API_HEADERS), key=order)
        macros = sorted((m for m in self.members
                         if m.kind == "define" and m.is_function_like
                         and m.file == "os/os_mempool.h"), key=order)
        return [m.name for m in functions + macros]

    def other_names(self):
        """Every other documented name, in header order: what the Types and
        Memory Pools pages declare."""
        ref = set(self.reference_names())
        files = API_HEADERS + APPLICATION_HEADERS
        return [m.name for m in sorted(
            (m for m in self.members if m.name not in ref
             and (m.file in files or m.kind in ("struct", "field"))),
            key=lambda m: (m.file not in files, files.index(m.file)
                           if m.file in files else 0, m.line, m.name))]


def man_summary(brief):
    """A brief as man(7)'s NAME line wants it: no final period, and a first
    word in lower case unless it is a C name."""
    text = brief.strip().rstrip(".")
    first = text.split(" ", 1)[0]
    if re.match(r"^[A-Z][a-z]+$", first):
        text = first.lower() + text[len(first):]
    return text


def wrap_declaration(decl, width):
    """A C declaration that fits `width` columns, as man pages and Mynewt's
    style show one: the return type on a line of its own when the line is
    too long, then the arguments broken after commas, each continuation
    aligned after the opening parenthesis (or indented 8 when that does
    not fit)."""
    if len(decl) <= width or "(" not in decl:
        return decl
    head, args = decl.split("(", 1)
    lines = []
    words = head.rsplit(" ", 1)
    if len(words) == 2 and not head.startswith("#"):
        name = words[1].lstrip("*")
        lines.append((words[0] + " " + words[1][:len(words[1]) - len(name)])
                     .rstrip())
        head = name
        if len(head) + 1 + len(args) <= width:
            return "\n".join(lines + [head + "(" + args])
    parts = [p.strip() for p in args.split(",")]
    indent = len(head) + 1
    if indent + max(len(p) + 1 for p in parts) > width:
        indent = 8
    line = head + "(" + parts[0]
    for part in parts[1:]:
        if len(line) + 2 + len(part) <= width:
            line += ", " + part
        else:
            lines.append(line + ",")
            line = " " * indent + part
    lines.append(line)
    return "\n".join(lines)
