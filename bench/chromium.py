"""Where headless Chromium is, and how it is started: for the benchmark and the browser tests."""

import os

# Debian's package; Playwright cannot download its own browsers here.
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's servers, which the
# test network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
