"""nato_corpus.escape: hostile values shown visibly in a terminal and literally in Markdown, never breaking out."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nato_corpus.escape import for_html, for_markdown, for_terminal

HOSTILE = [
    "\x1b[2K\x1b[1A",  # erase the line, move up
    "ok\rFAILED",  # carriage return overwrites
    "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x9b2J",  # C1 CSI
    "abc\u202edcba",  # right-to-left override
    "\u2066isolate\u2069",  # bidi isolate
    "a\u200bb\u2028c\u2029d\x7f\x08\x00\t",
    "line one\nline two",
    "<!-- the rest is hidden",
    "</details><details><summary>x",
    "<img src=x onerror=alert(1)>",
    "`code` and\n```\nfence\n~~~",
    "a | b | c",
    "@user please merge",
    "[x](javascript:alert(1)) ![i](https://evil.example/i.png)",
    "# heading",
    "> quote",
    "- item",
    "1. item",
    "**bold** _em_ ~~strike~~ $x$",
    "    indented code ",
    "&lt; &#64;",
    "back\\slash\\",
    "\ud800 lone surrogate",
]

HIDDEN = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def _hidden(text: str) -> list[str]:
    return [c for c in text if unicodedata.category(c) in HIDDEN]


@pytest.mark.parametrize("value", HOSTILE)
def test_terminal_output_has_no_control_or_format_character(value: str) -> None:
    shown = for_terminal(value)
    assert _hidden(shown) == []
    assert "\n" not in shown and "\r" not in shown


@pytest.mark.parametrize(("value", "shown"), [
    ("\x1b[31m", "\\x1b[31m"), ("a\rb\nc\td", "a\\rb\\nc\\td"), ("\x9b", "\\x9b"), ("\x7f", "\\x7f"),
    ("\u202e", "\\u202e"), ("\u2066", "\\u2066"), ("\xad", "\\xad"), ("\U000e0041", "\\U000e0041"),
    ("plain Ünïcödé, عربي, 日本", "plain Ünïcödé, عربي, 日本"),
])
def test_terminal_escapes_read_like_python_escapes(value: str, shown: str) -> None:
    assert for_terminal(value) == shown


def _ends_construct(escaped: str) -> bool:
    """True when raw Markdown syntax survives that could end or take over the surrounding line or cell."""
    unescaped = re.sub(r"\\.|&#?\w+;", "", escaped)  # drop escapes and entities: what is left is literal syntax
    return any(s in unescaped for s in ("<", ">", "`", "|", "[", "]", "*", "_", "~", "$", "#", "!", "\\")) or \
        bool(re.search(r"@(?!&#8203;)", escaped)) or "\n" in escaped or "\r" in escaped


@pytest.mark.parametrize("value", HOSTILE)
def test_markdown_value_cannot_leave_its_list_item_or_table_cell(value: str) -> None:
    escaped = for_markdown(value)
    assert _hidden(escaped) == []
    assert not _ends_construct(escaped), escaped
    assert not escaped.startswith(" ") and not escaped.endswith(" ")
    item = f"- changed e1: {escaped}"
    assert item.splitlines() == [item]
    row = f"| e1 | {escaped} |"
    assert len(re.findall(r"(?<!\\)\|", row)) == 3  # the cell borders only


def test_markdown_neutralises_html_comments_mentions_and_links() -> None:
    assert for_markdown("<!--") == "&lt;\\!\\-\\-"
    assert for_markdown("@user") == "@&#8203;user"
    assert for_markdown("[x](javascript:alert(1))") == "\\[x\\]\\(javascript:alert\\(1\\)\\)"
    assert for_markdown("# title") == "\\# title"
    assert for_markdown("a|b") == "a\\|b"
    assert for_markdown("\x1b[2K") == "\\\\x1b\\[2K"  # the terminal escape, its backslash escaped in turn


@given(st.text())
def test_any_text_stays_on_one_line(value: str) -> None:
    for escaped in (for_terminal(value), for_markdown(value)):
        assert _hidden(escaped) == [] and len(f"x{escaped}x".splitlines()) == 1
    assert not _ends_construct(for_markdown(value))


def test_for_html_is_the_sites_escaping() -> None:
    assert for_html("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#x27;&amp;&#x27;&lt;/a&gt;"
