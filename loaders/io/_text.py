"""Bytes to text: byte-order marks, strict UTF-8, then the Western code pages."""

from __future__ import annotations

import codecs
import json
import re

import charset_normalizer

from loaders.io._table import SUPPORTED, fail

# charset-normalizer chooses among these once strict UTF-8 has failed: the
# encodings Dutch, Belgian and German spreadsheet programs write.
_WESTERN = ["cp1252", "latin_1", "iso8859_15"]
# Control bytes that no text file holds in quantity (binary data does).
_CONTROL_BYTES = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """Decoded text (newlines normalised to \\n) and the encoding's name."""
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        if b"\x00" in data[:65536]:
            fail(
                filename,
                "the file is not text (it contains NUL bytes), so it cannot be read as CSV. "
                f"Supported: {SUPPORTED}",
            )
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            best = charset_normalizer.from_bytes(data, cp_isolation=_WESTERN).best()
            encoding = codecs.lookup(best.encoding).name if best is not None else "latin-1"
            try:
                # Excel on Windows writes cp1252, a superset of latin-1's printable characters.
                text, encoding = data.decode("cp1252"), "cp1252"
            except UnicodeDecodeError:
                # Bytes cp1252 leaves undefined (0x81, 0x8d, ...): latin-1 reads every byte; the
                # control-character check below still refuses binary data.
                text = str(best) if best is not None else data.decode("latin-1")
    if "\ufffd" in text and text.count("\ufffd") > max(10, len(text) // 100):
        fail(filename, f"the file is not readable text ({encoding} with many invalid bytes)")
    controls = len(_CONTROL_BYTES.findall(text[:200_000]))
    if controls > max(5, len(text[:200_000]) // 200):
        fail(
            filename,
            f"the file looks binary (many control characters), not like CSV text. Supported: {SUPPORTED}",
        )
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


def maybe_json(text: str) -> object | None:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None
