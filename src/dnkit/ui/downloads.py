"""Downloads without a server round trip: a link whose address carries the file itself.

The file is built in the kernel and handed to the browser as a data: URL, so nothing is
stored on the server (a public dashboard keeps no visitor's data).
"""

from __future__ import annotations

import base64

from dnkit.render.html import esc


def download_link(content: str, filename: str, mime: str, label: str, css: str = "") -> str:
    payload = base64.b64encode(content.encode("utf-8")).decode("ascii")
    return (
        f'<a class="dn-download {esc(css)}" download="{esc(filename)}" '
        f'href="data:{esc(mime)};charset=utf-8;base64,{payload}">{esc(label)}</a>'
    )
