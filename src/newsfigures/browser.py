"""Open the report in headless Chromium: check it loaded cleanly, take a full-page screenshot, print a PDF.

Talks to Debian's `chromium` over the DevTools protocol on a pipe (`--remote-debugging-pipe`),
so it needs no driver and no extra package. Network access is switched off: the report must
stand alone. `python -m newsfigures.browser pdf reports/report.html reports/report.pdf` is what
`make pdf` runs; `check` prints what the browser saw.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--remote-debugging-pipe",
]


class BrowserError(RuntimeError):
    """Chromium is missing, or did not answer in time."""


@dataclass
class PageCheck:
    """What the browser saw: images that did not load, console errors, failed requests."""

    images: int = 0
    broken_images: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    requests_elsewhere: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.broken_images or self.console_errors or self.requests_elsewhere)


def chromium_path() -> str | None:
    """The Chromium executable on PATH, or None."""
    return next((p for p in map(shutil.which, CHROMIUM_NAMES) if p), None)


class _DevTools:
    """A minimal DevTools-protocol client over Chromium's pipe (messages are JSON ending in a NUL byte)."""

    def __init__(self, executable: str, timeout: float = 60.0) -> None:
        self.timeout = timeout
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()
        self._profile = tempfile.mkdtemp(prefix="newsfigures-chromium-")

        def wire_pipes() -> None:  # Chromium reads commands on fd 3 and writes replies on fd 4
            reader, writer = os.dup(to_browser_read), os.dup(from_browser_write)  # dodge clashes with 3 and 4
            os.dup2(reader, 3)
            os.dup2(writer, 4)
            os.set_inheritable(3, True)
            os.set_inheritable(4, True)

        self.process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={self._profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            preexec_fn=wire_pipes, close_fds=False,  # closing would also close the pipes wired to 3 and 4
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict] = []

    def send(self, method: str, params: dict | None = None, session: str | None = None) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error'].get('message')}")
                return reply.get("result", {})
            self.events.append(reply)

    def wait_for(self, method: str) -> dict:
        for index, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(index)
        deadline = time.monotonic() + self.timeout
        while True:
            if time.monotonic() > deadline:
                raise BrowserError(f"Chromium did not report {method} within {self.timeout:.0f} s")
            event = self._read()
            if event.get("method") == method:
                return event
            self.events.append(event)

    def _read(self) -> dict:
        deadline = time.monotonic() + self.timeout
        while b"\0" not in self._buffer:
            import select

            ready, _, _ = select.select([self._from_browser], [], [], max(0.0, deadline - time.monotonic()))
            if not ready:
                raise BrowserError(f"Chromium did not answer within {self.timeout:.0f} s")
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the connection")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def close(self) -> None:
        try:
            self.process.terminate()
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for fd in (self._to_browser, self._from_browser):
            try:
                os.close(fd)
            except OSError:
                pass
        shutil.rmtree(self._profile, ignore_errors=True)


def _open(html: Path, executable: str | None = None, width: int = 1100) -> tuple[_DevTools, str]:
    executable = executable or chromium_path()
    if executable is None:
        raise BrowserError("Chromium is not installed (Debian: apt-get install chromium)")
    tools = _DevTools(executable)
    target = tools.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = tools.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    for domain in ("Page", "Runtime", "Log", "Network"):
        tools.send(f"{domain}.enable", session=session)
    tools.send("Emulation.setDeviceMetricsOverride",
               {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": False}, session=session)
    tools.send("Page.navigate", {"url": Path(html).resolve().as_uri()}, session=session)
    tools.wait_for("Page.loadEventFired")
    return tools, session


def check_page(html: Path, screenshot: Path | None = None, executable: str | None = None) -> PageCheck:
    """Load the page; report broken images, console errors and requests to other hosts; optionally screenshot it."""
    tools, session = _open(html, executable)
    try:
        state = tools.send("Runtime.evaluate", {"expression": (
            "JSON.stringify(Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt]))"
        ), "returnByValue": True}, session=session)["result"]["value"]
        images = json.loads(state)
        result = PageCheck(images=len(images), broken_images=[alt for ok, alt in images if not ok])
        for event in tools.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") == "error":
                result.console_errors.append(" ".join(str(a.get("value", a.get("description", ""))) for a in params["args"]))
            elif method == "Log.entryAdded" and params["entry"].get("level") == "error":
                result.console_errors.append(params["entry"].get("text", ""))
            elif method == "Runtime.exceptionThrown":
                result.console_errors.append(params["exceptionDetails"].get("text", "exception"))
            elif method == "Network.requestWillBeSent":
                url = params["request"]["url"]
                if not url.startswith(("file:", "data:", "about:")):
                    result.requests_elsewhere.append(url)
        if screenshot is not None:
            from newsfigures import io

            shot = tools.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True}, session=session)
            io.write_bytes(Path(screenshot), base64.b64decode(shot["data"]))
        return result
    finally:
        tools.close()


def print_pdf(html: Path, pdf: Path, executable: str | None = None) -> Path:
    """Print the page to a landscape A4 PDF (the tables are wide); the page's print CSS keeps charts and rows whole."""
    from newsfigures import io

    tools, session = _open(html, executable)
    try:
        printed = tools.send("Page.printToPDF", {
            "printBackground": True, "preferCSSPageSize": False, "landscape": True, "paperWidth": 8.27, "paperHeight": 11.69,
            "marginTop": 0.5, "marginBottom": 0.5, "marginLeft": 0.5, "marginRight": 0.5,
        }, session=session)
        return io.write_bytes(Path(pdf), base64.b64decode(printed["data"]))
    finally:
        tools.close()


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m newsfigures.browser", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    pdf_cmd = commands.add_parser("pdf", help="print an HTML file to PDF")
    pdf_cmd.add_argument("html", type=Path)
    pdf_cmd.add_argument("pdf", type=Path)
    check_cmd = commands.add_parser("check", help="load an HTML file, report problems, save a screenshot")
    check_cmd.add_argument("html", type=Path)
    check_cmd.add_argument("--screenshot", type=Path)
    args = parser.parse_args(argv)
    if not args.html.is_file():
        print(f"error: {args.html}: no such file; run `make report` first", file=sys.stderr)
        return 1
    try:
        if args.command == "pdf":
            print(f"wrote {print_pdf(args.html, args.pdf)}")
            return 0
        result = check_page(args.html, args.screenshot)
    except BrowserError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    print(json.dumps(result.__dict__, indent=2))
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
