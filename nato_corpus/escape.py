"""Escaping of untrusted values for the medium a reviewer reads them in: terminal, Markdown, HTML.

Everything printed from corpus data (texts, notes, ids, file names, messages that quote values) comes from a
pull request and is hostile: a terminal escape sequence, a carriage return or a bidi override can hide or
reorder what the reviewer sees, and Markdown or raw HTML in a PR comment can hide or forge the rest of it.
Each renderer passes every data value through the one function for its medium, and the value stays inside the
line (or table cell) it is placed in:

* :func:`for_terminal`: every character of categories Cc (C0, DEL, C1), Cf (bidi controls, zero-width
  characters, soft hyphen...), Cs (lone surrogates), Zl and Zp is shown as a Python-style escape (``\\x1b``,
  ``\\n``, ``\\u202e``, ``\\U000e0001``); newline and tab too, since one finding is one line.  Backslashes are
  left as they are (a literal ``\\x1b`` in the data is visible either way).
* :func:`for_markdown`: the terminal escaping first, then ``& < >`` as HTML entities (no HTML block, tag or
  comment can open), every Markdown metacharacter backslash-escaped (no code span or fence, emphasis, link,
  image, table cell border, heading, list, quote or math), and ``@`` followed by an escaped zero-width space,
  as Dependabot and Renovate do, so a name does not ping anyone; a leading or trailing space becomes
  ``&#32;`` (no indented code block, no hard line break).  Safe inline anywhere and in a table cell; do not
  put the result inside a code span (backslash escapes do not work there).
* :func:`for_html`: :func:`html.escape` with quotes, as the static site has always used.
"""

from __future__ import annotations

import html
import unicodedata

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_MARKDOWN_PUNCTUATION = frozenset("\\`*_{}[]()#+-.!|~$")
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "@": "@&#8203;"}


def _visible(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def for_terminal(value: str) -> str:
    """``value`` with every control, format and line-breaking character shown as a visible escape."""
    return "".join(_visible(char) for char in value)


def _markdown_char(char: str) -> str:
    if char in _MARKDOWN_ENTITIES:
        return _MARKDOWN_ENTITIES[char]
    return f"\\{char}" if char in _MARKDOWN_PUNCTUATION else char


def for_markdown(value: str) -> str:
    """``value`` as literal Markdown text: it renders as itself and cannot end its line, list item or cell."""
    escaped = "".join(_markdown_char(char) for char in for_terminal(value))
    if escaped.startswith(" "):
        escaped = "&#32;" + escaped[1:]
    if escaped.endswith(" "):
        escaped = escaped[:-1] + "&#32;"
    return escaped


def for_html(value: str) -> str:
    """``value`` as HTML text or a quoted attribute value (the static site's escaping, kept as it was)."""
    return html.escape(value, quote=True)
