"""Limits and settings shared by the loaders, the CLI and the pages.

One place for each number, so the upload page, ``python -m loaders.validate``
and the benchmarks refuse the same files.
"""

from __future__ import annotations

# Must equal ``server.maxUploadSize`` in .streamlit/config.toml (MB); a test checks it.
MAX_UPLOAD_MB = 25
MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024

# Data rows an upload may hold; larger files are refused with a message.
MAX_UPLOAD_ROWS = 200_000
