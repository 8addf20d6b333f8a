"""A small Streamlit client that speaks the app's own protocol (no browser).

deploy/replicas.py opens one session on each replica it starts, so the first
reader finds it warm (imports done, caches filled). The load, fault and
isolation tests and the capacity benchmark need many sessions at once; twenty
Chromium tabs would measure the browsers, not the server. This client does
what the Streamlit frontend does on the wire:

* ``GET /`` (through nginx: picks up the replica cookie and Streamlit's
  ``_streamlit_xsrf`` cookie, as a browser would);
* opens ``/_stcore/stream`` with the subprotocols ``streamlit, <xsrf token>``;
* sends ``BackMsg.rerun_script`` (page, query string, widget states) and reads
  ``ForwardMsg``s until ``script_finished``;
* uploads a file the way ``st.file_uploader`` does: ``file_urls_request`` over
  the WebSocket, ``PUT`` of a multipart body to the returned URL with the
  ``X-Xsrftoken`` header, then a rerun with the uploader's widget state.

Messages come from the protobufs shipped in the streamlit package
(``streamlit.proto.BackMsg_pb2``, ``ForwardMsg_pb2``), so the client follows
the installed server's protocol. Components (the st_folium maps) are not
mounted: the client measures what the server sends, not what a browser draws.
"""

from __future__ import annotations

import http.cookiejar
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Common_pb2 import FileUploaderState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import connect

FINISHED = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_SUCCESSFULLY")
EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.Value("FINISHED_EARLY_FOR_RERUN")
ERROR_ALERT = 1  # streamlit.proto.Alert_pb2.Alert.Format.ERROR
WIDGET_KINDS = (
    "selectbox",
    "checkbox",
    "button",
    "download_button",
    "file_uploader",
    "radio",
    "multiselect",
    "slider",
    "number_input",
    "text_input",
)


class ProtocolError(RuntimeError):
    """The server closed, timed out or answered something the client did not expect."""


@dataclass
class Run:
    """What one script run sent: its elements by delta path, timing, errors."""

    seconds: float = 0.0
    messages: int = 0
    bytes: int = 0
    elements: dict[tuple[int, ...], object] = field(default_factory=dict)
    exceptions: list[str] = field(default_factory=list)
    error_alerts: list[str] = field(default_factory=list)
    payloads: list[bytes] = field(default_factory=list)

    def texts(self) -> list[str]:
        """Every text an element of this run shows (markdown, headings, alerts, captions, HTML)."""
        out = []
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            inner = getattr(element, kind)
            for name in ("body", "label", "message"):
                value = getattr(inner, name, None)
                if isinstance(value, str) and value:
                    out.append(value)
        return out

    def text(self) -> str:
        return "\n".join(self.texts())

    def contains(self, needle: str) -> bool:
        """True when any message of this run holds ``needle`` (UTF-8), elements or map data."""
        raw = needle.encode("utf-8")
        return any(raw in payload for payload in self.payloads)

    def widgets(self) -> dict[str, tuple[str, object]]:
        """Widget id -> (kind, element proto) of every widget this run drew."""
        found = {}
        for element in self.elements.values():
            kind = element.WhichOneof("type")
            if kind in WIDGET_KINDS:
                inner = getattr(element, kind)
                found[inner.id] = (kind, inner)
        return found

    def widget_id(self, key: str) -> str:
        """The id of the widget created with ``key=key`` (Streamlit ends keyed ids with the key)."""
        for widget_id in self.widgets():
            if widget_id.endswith(f"-{key}"):
                return widget_id
        raise ProtocolError(f"no widget with key {key!r} in this run: {sorted(self.widgets())[:20]}")

    @property
    def failed(self) -> bool:
        return bool(self.exceptions or self.error_alerts)


class Session:
    """One browser-like session on a Streamlit server (directly or through a proxy)."""

    def __init__(self, base_url: str, *, timeout: float = 180.0):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.session_id: str | None = None
        self.widget_states: dict[str, WidgetState] = {}
        self.query = ""
        self.page_hash = ""
        self._ws = None
        self._file_responses: dict[str, object] = {}

    # -- connection -----------------------------------------------------------------
    def cookie(self, name: str) -> str | None:
        for item in self.jar:
            if item.name == name:
                return item.value
        return None

    def _cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def connect(self) -> None:
        # The page, then the health check the frontend makes before it connects:
        # Streamlit sets its XSRF cookie on the health response.
        for path in ("/", "/_stcore/health"):
            with self.opener.open(f"{self.base_url}{path}", timeout=self.timeout) as response:
                response.read()
        parsed = urlparse(self.base_url)
        scheme = "wss" if parsed.scheme == "https" else "ws"
        xsrf = self.cookie("_streamlit_xsrf")
        protocols = ["streamlit", xsrf] if xsrf else ["streamlit"]
        self._ws = connect(
            f"{scheme}://{parsed.netloc}{parsed.path}/_stcore/stream",
            subprotocols=protocols,
            additional_headers={"Cookie": self._cookie_header(), "Origin": self.base_url},
            open_timeout=self.timeout,
            max_size=None,
            compression=None,
        )

    def close(self) -> None:
        if self._ws is not None:
            self._ws.close()
            self._ws = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- script runs ----------------------------------------------------------------
    def _send(self, msg: BackMsg) -> None:
        if self._ws is None:
            self.connect()
        try:
            self._ws.send(msg.SerializeToString())
        except Exception as exc:  # the replica went away
            raise ProtocolError(f"connection lost: {type(exc).__name__}: {exc}") from exc

    def _rerun(self, *, widgets: list[WidgetState] | None = None) -> Run:
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        for widget in widgets if widgets is not None else self.widget_states.values():
            state.widget_states.widgets.append(widget)
        return self._timed_run(msg)

    def _timed_run(self, msg: BackMsg) -> Run:
        """Send ``msg`` and read the script run it starts, timed from the send."""
        start = time.perf_counter()
        self._send(msg)
        run = self._read_run()
        run.seconds = time.perf_counter() - start
        return run

    def _receive(self, deadline: float) -> ForwardMsg:
        try:
            payload = self._ws.recv(timeout=max(deadline - time.monotonic(), 0.01))
        except TimeoutError as exc:
            raise ProtocolError(f"no script_finished within {self.timeout} s") from exc
        except Exception as exc:  # closed connection (replica gone) and the like
            raise ProtocolError(f"connection lost: {type(exc).__name__}: {exc}") from exc
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        self._last_size = len(payload)
        self._last_payload = payload
        return msg

    def _read_run(self) -> Run:
        run = Run()
        deadline = time.monotonic() + self.timeout
        while True:
            msg = self._receive(deadline)
            run.messages += 1
            run.bytes += self._last_size
            run.payloads.append(self._last_payload)
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                self.session_id = msg.new_session.initialize.session_id or self.session_id
                for page in msg.new_session.app_pages:
                    self.pages[page.url_pathname] = page.page_script_hash
            elif kind == "navigation":
                for page in msg.navigation.app_pages:
                    self.pages[page.url_pathname] = page.page_script_hash
                self.page_hash = msg.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = msg.page_info_changed.query_string
            elif kind == "file_urls_response":
                self._file_responses[msg.file_urls_response.response_id] = msg.file_urls_response
            elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                element = msg.delta.new_element
                run.elements[tuple(msg.metadata.delta_path)] = element
                which = element.WhichOneof("type")
                if which == "exception":
                    run.exceptions.append(f"{element.exception.type}: {element.exception.message}")
                elif which == "alert" and element.alert.format == ERROR_ALERT:
                    run.error_alerts.append(element.alert.body)
            elif kind == "script_finished":
                if msg.script_finished == EARLY_FOR_RERUN:
                    run.elements.clear()  # st.rerun(): the next run redraws everything
                    continue
                if msg.script_finished != FINISHED:
                    raise ProtocolError(f"script finished with status {msg.script_finished}")
                return run

    def open(self, path: str = "", query: str = "") -> Run:
        """First visit of ``/path?query`` (a new session)."""
        self.query = query
        self.page_hash = ""
        self.connect()
        msg = BackMsg()
        msg.rerun_script.query_string = query
        msg.rerun_script.page_name = path
        return self._timed_run(msg)

    def goto(self, path: str) -> Run:
        """Switch to another page of the app (as a click in the navigation does)."""
        if path not in self.pages:
            raise ProtocolError(f"no page {path!r}; known: {sorted(self.pages)}")
        self.page_hash = self.pages[path]
        self.query = ""
        return self._rerun()

    def set_value(self, widget_id: str, kind: str, value) -> Run:
        """Change one widget (``kind`` is the WidgetState field: string_value, bool_value, ...)."""
        state = WidgetState(id=widget_id)
        if kind == "trigger_value":
            state.trigger_value = True
            return self._rerun(widgets=[*self._kept_states(), state])
        setattr(state, kind, value)
        self.widget_states[widget_id] = state
        return self._rerun()

    def click(self, widget_id: str) -> Run:
        """Press a button (a trigger: it is true for this one run only)."""
        return self.set_value(widget_id, "trigger_value", True)

    def _kept_states(self) -> list[WidgetState]:
        return list(self.widget_states.values())

    def upload(self, widget_id: str, filename: str, data: bytes, *, mime: str = "text/csv") -> Run:
        """Upload ``data`` through the ``st.file_uploader`` with ``widget_id``, then rerun."""
        request_id = uuid.uuid4().hex
        msg = BackMsg()
        msg.file_urls_request.request_id = request_id
        msg.file_urls_request.file_names.append(filename)
        msg.file_urls_request.session_id = self.session_id or ""
        self._send(msg)
        deadline = time.monotonic() + self.timeout
        while request_id not in self._file_responses:
            reply = self._receive(deadline)
            if reply.WhichOneof("type") == "file_urls_response":
                self._file_responses[reply.file_urls_response.response_id] = reply.file_urls_response
        response = self._file_responses.pop(request_id)
        if response.error_msg:
            raise ProtocolError(f"upload refused: {response.error_msg}")
        urls = response.file_urls[0]
        self.put_file(urls.upload_url, filename, data, mime=mime)
        state = WidgetState(id=widget_id)
        uploader = FileUploaderState()
        info = uploader.uploaded_file_info.add()
        info.name, info.size, info.file_id = filename, len(data), urls.file_id
        info.file_urls.CopyFrom(urls)
        state.file_uploader_state_value.CopyFrom(uploader)
        self.widget_states[widget_id] = state
        return self._rerun()

    def put_file(self, upload_url: str, filename: str, data: bytes, *, mime: str = "text/csv") -> int:
        """PUT one file as the frontend does (multipart field ``file``); returns the HTTP status."""
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                f"Content-Type: {mime}\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = upload_url if upload_url.startswith("http") else f"{self.base_url}{upload_url}"
        request = urllib.request.Request(url, data=body, method="PUT")  # noqa: S310 - http(s) of the server
        request.add_header("Content-Type", f"multipart/form-data; boundary={boundary}")
        request.add_header("X-Xsrftoken", self.cookie("_streamlit_xsrf") or "")
        request.add_header("Origin", self.base_url)
        with self.opener.open(request, timeout=self.timeout) as reply:
            reply.read()
            return reply.status
