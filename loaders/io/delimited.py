"""CSV as people export it: ``,`` ``;`` tab or ``|``, quoted values with newlines, ragged rows.

The delimiter is recognised by clevercsv (``csv.Sniffer`` as a fallback). Parsing
uses pyarrow's CSV reader, and Python's ``csv`` module when a file has ragged rows.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import clevercsv
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from loaders.io._table import MAX_COLUMNS, RawTable, fail, finish, unique_headers

DELIMITERS = (",", ";", "\t", "|")
# Characters that cleaning replaces, as a pattern both RE2 (pyarrow) and re read:
# escapes up to U+00FF, literal characters above.
_CONTROLS_IN_CELLS = (
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + "\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff" + "]"
)


def _sniff_delimiter(sample: str) -> str:
    """Delimiter by clevercsv's data-consistency measure, csv.Sniffer as fallback."""
    try:
        dialect = clevercsv.Detector().detect(sample, delimiters=list(DELIMITERS))
    except Exception:  # a sniffer failing on odd input must not stop the read
        dialect = None
    if dialect is not None and dialect.delimiter in DELIMITERS:
        return dialect.delimiter
    try:
        return csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        first = sample.split("\n", 1)[0]
        counts = {d: first.count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        return best if counts[best] else ","


TITLE_LINES = 10  # title lines looked for above the header


def _delimiters_in(line: str) -> int:
    """Delimiter characters outside quoted parts of a line."""
    bare = re.sub(r'"[^"]*"', "", line)
    return sum(bare.count(d) for d in DELIMITERS)


def _title_lines(text: str) -> tuple[list[str], str]:
    """Lines above the header that hold no delimiter while a line below them does."""
    lines = text.split("\n", TITLE_LINES + 1)
    if _delimiters_in(lines[0]):
        return [], text
    for k in range(1, min(len(lines) - 1, TITLE_LINES) + 1):
        if _delimiters_in(lines[k]):
            return lines[:k], "\n".join(lines[k:])
    return [], text


def quote_title(line: str) -> str:
    value = line.strip().strip('"').strip()
    return f"'{value[:80]}'"


def read_delimited(text: str, encoding: str, filename: str, max_rows: int) -> RawTable:
    notes: list[str] = []
    offset = 0  # physical lines before the header
    delimiter = None
    first, _, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=(.)\s*", first)
    if hint:
        # Excel's "sep=;" first line names the delimiter.
        delimiter, text, offset = hint.group(1), rest, 1
    stripped = text.lstrip("\n")
    offset += len(text) - len(stripped)
    text = stripped
    if not text.strip():
        fail(filename, "the file is empty")
    titles, text = _title_lines(text)
    if titles:
        # StatLine's CSV download puts the table's title (and blank lines) above the header.
        skipped = len(titles)
        shown = ", ".join(quote_title(line) for line in titles if line.strip())
        notes.append(f"{skipped} title line{'s' if skipped != 1 else ''} above the header skipped: {shown}")
        offset += skipped
    # clevercsv's consistency measure grows faster than the sample: 20 lines
    # (at most 16 kB, cut at a line end) decide as well as the whole file.
    sample = text[:16384]
    if len(text) > len(sample) and "\n" in sample:
        sample = sample[: sample.rfind("\n")]
    sample = "\n".join(sample.split("\n")[:20])
    delimiter = delimiter or _sniff_delimiter(sample)
    try:
        header = next(csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter))
    except (csv.Error, StopIteration):
        header = []
    if not any(cell.strip() for cell in header):
        fail(filename, f"line {offset + 1}: the first line holds no column names")
    if len(header) > MAX_COLUMNS:
        fail(filename, f"the header has {len(header):,} columns; at most {MAX_COLUMNS:,} are accepted")
    try:
        table, starts, issues = _parse_fast(text, delimiter, len(header))
    except (pa.ArrowException, ValueError):
        table, starts, issues = _parse_exact(text, delimiter, len(header), filename, max_rows + 1, offset)
    # A quote opened on the last record and never closed swallows the rest of the file.
    _check_unclosed_quote(text, table, starts, delimiter, filename, offset)
    starts = starts + offset
    issues = [(line + offset, *rest) for line, *rest in issues]
    names = unique_headers(
        [table.column(i)[0].as_py() for i in range(table.num_columns)] if table.num_rows else header
    )
    data = table.slice(1).rename_columns(names)
    # Control characters anywhere, a tab inside a value, or a value spanning lines:
    # only then must every cell be scanned for them.
    total_lines = text.rstrip("\n").count("\n") + 1
    multiline = bool(len(starts)) and (bool((np.diff(starts) > 1).any()) or total_lines + offset > starts[-1])
    controls = (
        multiline
        or (delimiter != "\t" and "\t" in text)
        or pc.any(
            pc.match_substring_regex(pa.array([text], type=pa.large_string()), _CONTROLS_IN_CELLS)
        ).as_py()
    )
    raw = finish(
        data, starts[1:], encoding, delimiter, "csv", filename, None, "line", notes, issues, max_rows
    )
    return dataclasses.replace(raw, controls=controls)


def _parse_fast(text: str, delimiter: str, ncols: int) -> tuple[pa.Table, np.ndarray, list]:
    """pyarrow's reader (header included as the first record); raises on ragged rows."""
    # One thread: on this 2-core machine (often shared) threads cost more than they
    # save for a few MB; without any quote no value can hold a newline, and the
    # reader is faster when told so.
    read = pacsv.ReadOptions(autogenerate_column_names=True, use_threads=False, block_size=1 << 22)
    parse = pacsv.ParseOptions(
        delimiter=delimiter,
        quote_char='"',
        double_quote=True,
        escape_char=False,
        newlines_in_values='"' in text,
        ignore_empty_lines=False,
    )
    convert = pacsv.ConvertOptions(
        column_types={f"f{i}": pa.string() for i in range(ncols)},
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
        null_values=[],
    )
    table = pacsv.read_csv(
        io.BytesIO(text.encode("utf-8")), read_options=read, parse_options=parse, convert_options=convert
    )
    if table.num_columns != ncols:
        msg = "column count differs from the header"
        raise ValueError(msg)
    n = table.num_rows
    spans = np.ones(n, dtype=np.int64)
    if text.count("\n") + (0 if text.endswith("\n") else 1) != n:
        # Quoted values hold newlines: a record spans 1 + their count lines.
        for column in table.columns:
            spans += pc.count_substring(column, "\n").to_numpy().astype(np.int64)
    starts = np.concatenate([[1], 1 + np.cumsum(spans)[:-1]]).astype(np.int64)
    return table, starts, []


def _parse_exact(
    text: str, delimiter: str, ncols: int, filename: str, limit: int, offset: int
) -> tuple[pa.Table, np.ndarray, list]:
    """Python's csv module: tolerates ragged rows and reports them."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    rows: list[list[str]] = []
    previous_end = 0
    starts: list[int] = []
    issues: list[tuple] = []
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            if not row:
                continue
            if len(rows) > limit:
                break
            if len(row) != ncols:
                if len(row) > ncols and any(cell.strip() for cell in row[ncols:]):
                    message = f"has {_values(len(row))} but the header has {ncols} columns"
                    issues.append((start, "", message, "error"))
                elif len(row) < ncols and rows:
                    message = f"has {_values(len(row))}, the header has {ncols} columns"
                    message += "; the missing values are empty"
                    issues.append((start, "", message, "warning"))
                row = (row + [""] * ncols)[:ncols]
            rows.append(row)
            starts.append(start)
    except csv.Error as exc:
        fail(
            filename,
            f"line {previous_end + 1 + offset}: cannot be read as CSV ({exc}); is a quote left open?",
        )
    table = pa.table({f"f{i}": pa.array([r[i] for r in rows], type=pa.string()) for i in range(ncols)})
    return table, np.asarray(starts, dtype=np.int64), issues


def _values(count: int) -> str:
    return f"{count} value" if count == 1 else f"{count} values"


def _check_unclosed_quote(
    text: str, table: pa.Table, starts: np.ndarray, delimiter: str, filename: str, offset: int
) -> None:
    if not table.num_rows or not any("\n" in (column[-1].as_py() or "") for column in table.columns):
        return
    start = int(starts[-1])
    tail = text.split("\n", start - 1)[-1]
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        if "end of data" in str(exc):
            fail(
                filename,
                f"line {start + offset}: a quoted value starts on this line and is never closed, "
                f"so the remaining {tail.count(chr(10)):,} lines would be read as one value; "
                "check the quotes on that line",
            )
