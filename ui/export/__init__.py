"""Publication images and the data behind each figure.

``figure`` describes a figure (title, subtitle, panels, legends, source line)
in plain values taken from the page's own view objects; ``render`` draws it
as PNG (2x) or SVG with matplotlib; ``data`` writes the CSV behind it;
``builders`` turn the pages' views into figure descriptions; ``menu`` is the
Streamlit "Download image" menu.

Nothing here imports matplotlib at import time: importing it costs about
0.6 s of every fresh server start (see ``ui/compare_view.py``), so
``render`` is imported only when an image is drawn.
"""
