"""Columns the way docker lays them out (Go's text/tabwriter).

docker 19.03 writes tables through tabwriter.NewWriter(out, 20, 1, 3, ' ', 0):
every column but the last is as wide as its widest cell plus 3 spaces, and
never narrower than 20; the last column is not padded. (docker 20.10 lowered
the minimum to 10; scripts that split on whitespace see no difference.)
"""

MIN_WIDTH = 20
PADDING = 3


def _width(text):
    return len(text)


def format_table(header, rows, min_width=MIN_WIDTH, padding=PADDING):
    """header: list of column titles (or None for no header); rows: lists of str."""
    lines = ([list(header)] if header else []) + [list(row) for row in rows]
    if not lines:
        return ""
    columns = max(len(line) for line in lines)
    widths = [0] * columns
    for line in lines:
        for index, cell in enumerate(line[:-1]):
            widths[index] = max(widths[index], _width(cell) + padding, min_width)
    out = []
    for line in lines:
        cells = [cell.ljust(widths[index]) for index, cell in enumerate(line[:-1])]
        cells.append(line[-1] if line else "")
        out.append("".join(cells))
    return "\n".join(out) + "\n"
