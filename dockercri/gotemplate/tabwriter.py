"""Go's text/tabwriter (flags 0, padchar ' '), as docker's tables use it.

Cells end at a tab; the text after a line's last tab is not part of any
column. A column's width holds for a block of consecutive lines that all
have a cell in that column: the widest cell plus padding, at least minwidth.
"""


def _lines(text):
    """Split text into lines of cells, flushing where Go's writer flushes."""
    sections, lines, cells, cell = [], [[]], None, []
    cells = lines[-1]
    for ch in text:
        if ch in "\t\v\n\f":
            cells.append("".join(cell))
            cell = []
            if ch in "\n\f":
                ended_with_one_cell = len(cells) == 1
                cells = []
                lines.append(cells)
                if ch == "\f" or ended_with_one_cell:
                    sections.append(lines)
                    cells = []
                    lines = [cells]
        else:
            cell.append(ch)
    if cell:
        cells.append("".join(cell))
    sections.append(lines)
    return sections


def _format(lines, minwidth, padding):
    widths = [dict() for _ in lines]
    columns = max((len(line) - 1 for line in lines), default=0)
    for column in range(columns):
        start = None
        for index in range(len(lines) + 1):
            has_cell = index < len(lines) and column < len(lines[index]) - 1
            if has_cell and start is None:
                start = index
            elif not has_cell and start is not None:
                width = minwidth
                for row in range(start, index):
                    width = max(width, len(lines[row][column]) + padding)
                for row in range(start, index):
                    widths[row][column] = width
                start = None
    out = []
    for index, line in enumerate(lines):
        for column, cell in enumerate(line):
            out.append(cell)
            if column in widths[index]:
                out.append(" " * (widths[index][column] - len(cell)))
        if index + 1 < len(lines):
            out.append("\n")
    return "".join(out)


def tabwrite(text, minwidth=20, padding=3):
    """What tabwriter.NewWriter(w, minwidth, 1, padding, ' ', 0) writes for text."""
    return "".join(_format(lines, minwidth, padding) for lines in _lines(text))
