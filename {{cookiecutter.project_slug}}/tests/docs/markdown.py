"""Reading the project's Markdown docs: plain text for readability, code blocks, Mermaid."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DOCS = Path(__file__).resolve().parents[2] / "docs"
FENCE = re.compile(r"^(`{3,}|~{3,})\s*(\S*)")
MERMAID_DIAGRAMS = ("flowchart", "graph", "sequenceDiagram")
# Mermaid's entity codes (#quot;, #35;) stand for characters that would end a label.
ENTITY_CODE = re.compile(r"#\w+;")
MERMAID_CODES = {
    '"': "#quot;",
    "#": "#35;",
    ";": "#59;",
    "%": "#37;",
    "<": "#lt;",
    ">": "#gt;",
    "`": "#96;",
}
UNIT_START = re.compile(r"^(#+|[-*]|\d+\.)\s+(\[[ x]\]\s+)?|^\|")


@dataclass(frozen=True)
class CodeBlock:
    language: str
    lines: tuple[str, ...]
    first_line: int


def read_doc(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def code_blocks(markdown: str) -> list[CodeBlock]:
    """Every fenced code block; an unclosed fence is an error."""
    blocks: list[CodeBlock] = []
    opened: tuple[str, str, int] | None = None
    lines: list[str] = []
    for number, line in enumerate(markdown.splitlines(), start=1):
        match = FENCE.match(line)
        if opened is None:
            if match:
                opened, lines = (match.group(1), match.group(2), number), []
        elif match and line.strip() == opened[0]:
            blocks.append(CodeBlock(opened[1], tuple(lines), opened[2]))
            opened = None
        else:
            lines.append(line)
    if opened is not None:
        raise ValueError(f"the code fence opened on line {opened[2]} is never closed")
    return blocks


def outside_code(markdown: str) -> list[str]:
    """The lines that are not inside a fenced code block (fences included)."""
    inside: set[int] = set()
    for block in code_blocks(markdown):
        inside.update(range(block.first_line + 1, block.first_line + 1 + len(block.lines)))
    return [line for number, line in enumerate(markdown.splitlines(), 1) if number not in inside]


def plain_text(markdown: str) -> str:
    """The words a reader reads: no code blocks, markup, link targets or HTML comments.

    Wrapped lines are joined; a heading, list item or table row without a full stop is
    still one unit to a reader, so each ends a sentence.
    """
    units: list[list[str]] = [[]]
    for line in outside_code(re.sub(r"<!--.*?-->", "", markdown, flags=re.DOTALL)):
        stripped = line.strip()
        fence = FENCE.match(stripped)
        if not stripped or fence or UNIT_START.match(stripped):
            units.append([])
        if stripped and not fence:
            units[-1].append(without_markup(stripped))
    sentences = [" ".join(words for words in unit if words) for unit in units]
    return " ".join(s if s[-1] in ".!?:" else s + "." for s in sentences if s)


def without_markup(line: str) -> str:
    line = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line)
    line = UNIT_START.sub("", line)
    return re.sub(r"[*_`|]", " ", line).strip()


def mermaid_label(text: str) -> str:
    """`text` as docs/architecture.md writes it inside a Mermaid label."""
    return "".join(MERMAID_CODES.get(character, character) for character in text)


def mermaid_blocks(markdown: str) -> list[CodeBlock]:
    return [block for block in code_blocks(markdown) if block.language == "mermaid"]
