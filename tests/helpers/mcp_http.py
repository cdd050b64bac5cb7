"""Ponder's demo MCP server over Streamable HTTP on a loopback port of its own (port 0), for
tests: ``python -m tests.helpers.mcp_http [--token T]`` prints the port on its first line, then
serves until killed. With ``--token``, a request without ``Authorization: Bearer T`` gets 401."""

from __future__ import annotations

import socket
import sys
from typing import Any


def main() -> None:
    import uvicorn

    from ponder.demo.mcp_server import build

    token = sys.argv[sys.argv.index("--token") + 1] if "--token" in sys.argv else None
    app = build(with_faults=True).streamable_http_app()

    async def guarded(scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "http" and token is not None:
            headers = dict(scope.get("headers") or [])
            if headers.get(b"authorization") != f"Bearer {token}".encode():
                await send({"type": "http.response.start", "status": 401, "headers": [(b"content-type", b"text/plain")]})
                await send({"type": "http.response.body", "body": b"no entry"})
                return
        await app(scope, receive, send)

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    print(sock.getsockname()[1], flush=True)
    uvicorn.Server(uvicorn.Config(guarded, log_level="warning", lifespan="on")).run(sockets=[sock])


if __name__ == "__main__":
    main()
