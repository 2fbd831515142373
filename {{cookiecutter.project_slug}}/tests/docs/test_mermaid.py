"""Every Mermaid diagram in docs/ is fenced, and its labels survive any name put in them."""

from __future__ import annotations

import re

import pytest

from tests.docs.markdown import (
    DOCS,
    ENTITY_CODE,
    MERMAID_DIAGRAMS,
    code_blocks,
    mermaid_blocks,
    outside_code,
    read_doc,
)

DOC_NAMES = sorted(path.name for path in DOCS.glob("*.md"))
QUOTED = re.compile(r'"[^"]*"')
# A node id followed by a shape opener: A[...], A(...), A{...}, A[(...)], A((...)), A>...].
NODE_SHAPE = re.compile(r"(?<![\w-])[A-Za-z_]\w*\s*(\[\[|\[\(|\(\[|\(\(|\{\{|\[|\(|\{|>)")
EDGE_LABEL = re.compile(r"(-->|---|-\.->|==>)\|")
FLOWCHART_KEYWORDS = ("flowchart", "graph", "end", "direction", "classDef", "class", "style")


def diagram_kind(lines: tuple[str, ...]) -> str:
    first = next((line.strip() for line in lines if line.strip()), "")
    return first.split(" ")[0]


@pytest.mark.parametrize("name", DOC_NAMES)
def test_diagrams_are_fenced_mermaid_blocks(name: str) -> None:
    markdown = read_doc(name)
    blocks = code_blocks(markdown)  # raises on an unclosed fence
    for line in outside_code(markdown):
        assert not line.strip().startswith(MERMAID_DIAGRAMS), f"{name}: unfenced {line!r}"
    for block in blocks:
        kind = diagram_kind(block.lines)
        if kind in MERMAID_DIAGRAMS:
            assert block.language == "mermaid", f"{name}:{block.first_line} is not ```mermaid"
        if block.language == "mermaid":
            assert kind in MERMAID_DIAGRAMS, f"{name}:{block.first_line}: unknown {kind!r}"


@pytest.mark.parametrize("name", DOC_NAMES)
def test_flowchart_labels_are_quoted(name: str) -> None:
    for block in mermaid_blocks(read_doc(name)):
        if diagram_kind(block.lines) not in ("flowchart", "graph"):
            continue
        for line in block.lines[1:]:
            text = ENTITY_CODE.sub("", line).strip()
            if not text or text.startswith("%%") or text.split(" ")[0] in FLOWCHART_KEYWORDS:
                continue
            assert text.count('"') % 2 == 0, f"{name}: unbalanced quote in {line!r}"
            bare = QUOTED.sub('""', text.removeprefix("subgraph "))
            for match in NODE_SHAPE.finditer(bare):
                assert bare[match.end() : match.end() + 1] == '"', f"{name}: unquoted {line!r}"
            for match in EDGE_LABEL.finditer(bare):
                assert bare[match.end() : match.end() + 1] == '"', f"{name}: unquoted {line!r}"


@pytest.mark.parametrize("name", DOC_NAMES)
def test_sequence_texts_cannot_end_early(name: str) -> None:
    """In a sequence diagram a text runs to the end of the line, or to `;` or `#`."""
    for block in mermaid_blocks(read_doc(name)):
        if diagram_kind(block.lines) != "sequenceDiagram":
            continue
        for line in block.lines:
            text = ENTITY_CODE.sub("", line)
            assert not set(text) & set(';#"'), f"{name}: {line!r}"
